/**
 * Runs the polling triggers of installed connectors: every poller lists what
 * changed since its cursor at its own interval, and reconciles a wider
 * window now and then (at start, then every `reconcileEveryMs`) to backfill
 * what a missed webhook left out. What it finds goes through the same intake
 * as webhooks; only once that is stored does the poller's cursor move (its
 * `commit`), so a crash repeats a poll and never loses one. Several server
 * processes may poll the same source: the intake's dedupe keys make the
 * repeats harmless.
 *
 * @example
 * const polling = createPollSources(execution, [{ id: "taobao", poller: installed.pollers["poll_trades"] }], { log });
 * polling.start();
 */
import type { Poller } from "@orderflow/connector-sdk";
import type { Execution } from "../execution/apply-step";
import type { Logger } from "../observability/logger";
import { receivePolled } from "./receive-webhook";

export interface PolledSource {
  /** The source's id: its events are kept under it, as a webhook source's are. */
  id: string;
  poller: Poller;
}

export interface PollSources {
  /** One poll (or reconciliation, when due) of every source, one after the other. */
  runOnce(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

const HOUR_MS = 3_600_000;

export function createPollSources(execution: Execution, sources: readonly PolledSource[], options: { log: Logger; reconcileEveryMs?: number }): PollSources {
  const { log } = options;
  const reconcileEveryMs = options.reconcileEveryMs ?? HOUR_MS;
  const lastReconciled = new Map<PolledSource, number>();
  let loops: Promise<void>[] = [];
  let stopping = false;
  let wake: (() => void)[] = [];

  const runSource = async (source: PolledSource) => {
    const now = execution.clock().getTime();
    const reconcile = now - (lastReconciled.get(source) ?? -Infinity) >= reconcileEveryMs;
    const batch = reconcile ? await source.poller.reconcile() : await source.poller.poll();
    if (batch.events.length > 0) await receivePolled(execution, source.id, batch.events);
    await batch.commit();
    if (reconcile) lastReconciled.set(source, now);
  };

  const runSafely = (source: PolledSource) =>
    runSource(source).catch((error: unknown) => log.warn("polling failed; it is tried again at the next interval", { source: source.id, trigger: source.poller.triggerId, error }));

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = wake.filter((each) => each !== done);
        resolve();
      }
      wake.push(done);
    });

  return {
    async runOnce() {
      for (const source of sources) await runSafely(source);
    },
    start() {
      if (loops.length > 0) return;
      stopping = false;
      loops = sources.map(async (source) => {
        while (!stopping) {
          await runSafely(source);
          if (!stopping) await pause(source.poller.intervalMs);
        }
      });
    },
    async stop() {
      stopping = true;
      for (const resolve of wake) resolve();
      await Promise.all(loops);
      loops = [];
    },
  };
}
