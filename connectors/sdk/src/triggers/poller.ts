/**
 * Runs a polling trigger. A poll lists what changed from its cursor (less
 * an overlap, for items the platform lists late) to now, page by page,
 * leaves out events already seen, and returns them with a `commit` that the
 * host calls once it has stored them: only then do the cursor and the seen
 * set move, so a crash between the two repeats a poll instead of losing one.
 *
 * `reconcile` lists a wider window (a day by default) the same way: what a
 * missed webhook left out appears there, unseen, and is backfilled. The
 * host's intake is exact about duplicates, so an order that came by webhook
 * and turns up again here is recognised there.
 */
import type { PollingContext, PollingTriggerDefinition } from "../definition/triggers";
import type { HostEvent } from "../install/host-contract";
import { toHostEvent } from "../install/to-host-event";

export interface PollBatch {
  events: HostEvent[];
  /** Records the cursor and the events as seen; call after the events are stored. */
  commit(): Promise<void>;
}

export interface Poller {
  readonly triggerId: string;
  readonly intervalMs: number;
  poll(): Promise<PollBatch>;
  reconcile(): Promise<PollBatch>;
}

interface PollState {
  /** Milliseconds since the epoch. */
  cursor: number | null;
  /** Dedupe key → when first seen (ms); pruned beyond the reconcile window. */
  seen: Record<string, number>;
}

/** At most this many pages per run, so a platform that keeps answering with a next page cannot hold the poller forever. */
const MAX_PAGES = 1000;

export function createPoller(trigger: PollingTriggerDefinition<any, any>, context: PollingContext<Record<string, unknown>>, connectorId: string): Poller {
  const stateKey = `poll:${trigger.id}`;

  const load = async (): Promise<PollState> => (await context.store.get<PollState>(stateKey)) ?? { cursor: null, seen: {} };

  const run = async (window: (state: PollState, now: number) => number, advanceCursor: boolean): Promise<PollBatch> => {
    const state = await load();
    const now = context.clock().getTime();
    const since = new Date(window(state, now));
    const until = new Date(now);
    const fresh: HostEvent[] = [];
    const keys = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await trigger.fetch(context, { since, until, ...(pageToken === undefined ? {} : { pageToken }) });
      for (const item of result.items) {
        const event = trigger.toEvent(item, context);
        const key = event.dedupeKey;
        if (key !== null && (state.seen[key] !== undefined || keys.has(key))) continue;
        const host = toHostEvent(event, connectorId);
        if (host.ok) {
          if (key !== null) keys.add(key);
          fresh.push(host.event);
        } else {
          // Handed over for staff to see, without its dedupe key (which would shadow the order once it is fixed) and not marked seen: it comes again until it maps.
          fresh.push({ kind: "ignored", dedupeKey: null, reason: host.reason });
        }
      }
      pageToken = result.nextPageToken;
      if (pageToken === undefined) break;
    }
    return {
      events: fresh,
      async commit() {
        const latest = await load();
        const keep = now - trigger.reconcileWindowMs - trigger.overlapMs;
        const seen = Object.fromEntries(Object.entries(latest.seen).filter(([, at]) => at >= keep));
        for (const key of keys) seen[key] = now;
        await context.store.set(stateKey, { cursor: advanceCursor ? Math.max(latest.cursor ?? 0, now) : latest.cursor, seen });
      },
    };
  };

  return {
    triggerId: trigger.id,
    intervalMs: trigger.intervalMs,
    poll: () => run((state, now) => (state.cursor === null ? now - trigger.firstLookbackMs : state.cursor - trigger.overlapMs), true),
    reconcile: () => run((_state, now) => now - trigger.reconcileWindowMs, false),
  };
}
