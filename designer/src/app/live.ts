/**
 * The server's live updates (GET /events, server-sent events) for pages that
 * stay open: `onChange` runs when one of `types` arrives, and on every
 * (re)connection, since events missed meanwhile are not replayed.
 */
import { useEffect, useRef, useState } from "react";
import { API_BASE, queryString } from "../api/client";

export type LiveEventType = "task" | "timeline" | "alert" | "instance" | "order";

/** Whether the stream is open. */
export function useLiveUpdates(types: readonly LiveEventType[], onChange: () => void, query: Record<string, string | undefined> = {}): boolean {
  const [open, setOpen] = useState(false);
  const latest = useRef(onChange);
  latest.current = onChange;
  const url = `${API_BASE}/events${queryString(query)}`;
  const typeList = types.join(",");
  useEffect(() => {
    const source = new EventSource(url, { withCredentials: true });
    const changed = () => latest.current();
    source.addEventListener("ready", () => {
      setOpen(true);
      changed();
    });
    for (const type of typeList.split(",")) source.addEventListener(type, changed);
    source.onerror = () => setOpen(false);
    return () => source.close();
  }, [url, typeList]);
  return open;
}
