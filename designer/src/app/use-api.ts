/** Loading one thing from the API for a page: its value, the error, and `reload()`. */
import { useCallback, useEffect, useState } from "react";

export type Loaded<T> = { state: "loading" } | { state: "done"; value: T } | { state: "failed"; error: unknown };

/** `load` runs again when `key` changes or `reload()` is called; an answer that arrives after a newer request started is dropped. */
export function useApi<T>(key: string, load: () => Promise<T>): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setLoaded({ state: "done", value }),
      (error: unknown) => current && setLoaded({ state: "failed", error }),
    );
    return () => {
      current = false;
    };
    // `load` is a new function at every render; `key` says when what it loads changes.
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return [loaded, reload];
}
