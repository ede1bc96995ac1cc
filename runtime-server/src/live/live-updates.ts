/**
 * Live updates: what changed, for the task lists, order timelines and
 * dashboards that are open in browsers (GET /events). Published after a
 * commit, never from inside a transaction, so nobody hears of a change that
 * was rolled back.
 *
 * Several server processes may share one PostgreSQL, and a change made in
 * one must reach the browsers connected to the others: there, every event
 * goes through NOTIFY on one channel, and each process LISTENs on a client
 * of its own (a pool connection cannot hold a LISTEN). PGlite serves one
 * process, so an in-process bus is the whole story there.
 *
 * @example
 * const live = await createLiveUpdates(storage);
 * const stop = live.subscribe((event) => console.log(event));
 * live.publish([{ type: "alert", change: "cleared", alertKey: "k", instanceId: null }]);
 */
import pg from "pg";
import type { Storage } from "../storage/database";
import { preparedText } from "../storage/prepared-statements";

export interface LiveTask {
  key: string;
  instanceId: string;
  node: string;
  status: "open" | "claimed" | "submitted" | "withdrawn";
  assignee: { role: string | null; user: string | null; warehouse: string | null };
  claimedBy: string | null;
  submittedBy: string | null;
}

export type LiveEvent =
  | { type: "task"; change: "opened" | "claimed" | "released" | "closed" | "reassigned"; task: LiveTask }
  /**
   * An instance's timeline grew by the lines numbered firstSeq..lastSeq. Only
   * the numbers travel: a page showing that order reads the lines themselves
   * (GET /events?order= does it for its stream), so a busy server does not
   * word every line of every order for nobody.
   */
  | { type: "timeline"; instanceId: string; orderId: string | null; firstSeq: number; lastSeq: number }
  | { type: "alert"; change: "raised"; alertKey: string; alert: string; severity: "info" | "warning" | "critical"; instanceId: string; node: string | null }
  | { type: "alert"; change: "cleared"; alertKey: string; instanceId: string | null }
  | { type: "instance"; change: "finished" | "exception"; instanceId: string; orderId: string | null; status: "running" | "completed" | "cancelled" | "failed" }
  | { type: "order"; change: "status"; orderId: string; status: string; statusName: { zh?: string; en?: string } };

export interface LiveUpdates {
  /** Hands events to every subscriber, in every process. Never throws: a lost live update costs a refresh, not the change. */
  publish(events: readonly LiveEvent[]): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = "orderflow_live";
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7500;
const RECONNECT_MS = 1000;
const NOTIFY = preparedText("select pg_notify($1, payload) from json_array_elements_text($2) with ordinality as sent (payload, n) order by n");

/** The in-process bus: subscribers in this process hear what this process publishes. */
export function createLocalLiveUpdates(): LiveUpdates {
  const listeners = new Set<(event: LiveEvent) => void>();
  const deliver = (event: LiveEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // One broken stream must not keep the event from the others.
      }
    }
  };
  return {
    publish: (events) => events.forEach(deliver),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => listeners.clear(),
  };
}

/** Live updates across every process on the database (PostgreSQL), or within this one (PGlite). */
export async function createLiveUpdates(storage: Storage, onError: (error: unknown) => void = () => {}): Promise<LiveUpdates> {
  if (storage.dialect === "pglite") return createLocalLiveUpdates();
  const local = createLocalLiveUpdates();
  const { pool } = storage;
  let client: pg.Client | undefined;
  let closed = false;
  // All waiting events go in one statement, as many to a NOTIFY as its payload holds: one round trip however
  // busy the server is, and in order (a claim never arrives before the task opened). Events published while
  // it runs go in the next.
  let waiting: string[] = [];
  let sending: Promise<void> | undefined;
  const send = async () => {
    while (waiting.length > 0) {
      const groups: string[] = [];
      let group: string[] = [];
      let size = 2;
      for (const payload of waiting) {
        if (group.length > 0 && size + payload.length + 1 > MAX_PAYLOAD) {
          groups.push(`[${group.join(",")}]`);
          group = [];
          size = 2;
        }
        group.push(payload);
        size += payload.length + 1;
      }
      groups.push(`[${group.join(",")}]`);
      waiting = [];
      await pool.query(NOTIFY, [CHANNEL, JSON.stringify(groups)]).catch(onError);
    }
    sending = undefined;
  };

  const listen = async (): Promise<void> => {
    const next = new pg.Client(pool.options);
    next.on("notification", (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        local.publish(JSON.parse(message.payload) as LiveEvent[]);
      } catch (error) {
        onError(error);
      }
    });
    // A broken connection misses what is said meanwhile; the browsers' streams stay open and the next events arrive again once it is back.
    next.on("error", (error) => {
      onError(error);
      next.end().catch(() => {});
      if (client === next) client = undefined;
      if (!closed) setTimeout(() => listen().catch(onError), RECONNECT_MS).unref();
    });
    await next.connect();
    await next.query(`listen ${CHANNEL}`);
    client = next;
  };
  await listen();

  return {
    publish(events) {
      for (const event of events) {
        const payload = JSON.stringify(event);
        if (payload.length <= MAX_PAYLOAD) waiting.push(payload);
        else onError(new Error(`a live ${event.type} event of ${payload.length} characters does not fit in a NOTIFY; it was not sent`));
      }
      if (waiting.length > 0) sending ??= send();
    },
    subscribe: local.subscribe,
    async close() {
      closed = true;
      await sending;
      await local.close();
      await client?.end().catch(() => {});
    },
  };
}
