/**
 * Flows started by a schedule ("every day at 20:00 in Asia/Shanghai", the
 * group-buy cut-off). Every process ticks; for each schedule the latest due
 * time is claimed by inserting (flow, due time) into schedule_firings, and
 * only the process whose insert succeeds starts the instance, in the same
 * transaction. So a due time fires exactly once however many processes run,
 * and a time missed while every process was down fires once at the next tick
 * (only the latest one: a cut-off missed three times is one late cut-off, not three).
 */
import { Cron } from "croner";
import { inExecutionTransaction, startFlowIn, type Execution } from "./apply-step";

export interface Scheduler {
  /** Fires what is due now; returns the instances started. */
  tick(): Promise<string[]>;
}

export function createScheduler(execution: Execution, owner: string): Scheduler {
  return {
    async tick() {
      const now = execution.clock();
      const schedules = await execution.db
        .selectFrom("flow_versions")
        .select(["flow_id", "version", "published_at"])
        .distinctOn("flow_id")
        .orderBy("flow_id")
        .orderBy("version", "desc")
        .execute();
      const started: string[] = [];
      for (const { flow_id, version, published_at } of schedules) {
        const trigger = await execution.flows.trigger(execution.db, flow_id, version);
        if (trigger?.type !== "schedule") continue;
        const due = new Cron(trigger.cron, { timezone: trigger.timeZone, paused: true }).previousRuns(1, now)[0];
        // A schedule fires for times after it was published, never for the past before it existed.
        if (!due || due < published_at) continue;
        const instanceId = await inExecutionTransaction(execution, async (tx) => {
          const claimed = await tx
            .insertInto("schedule_firings")
            .values({ schedule_id: flow_id, due_at: due, fired_by: owner, fired_at: now })
            .onConflict((oc) => oc.columns(["schedule_id", "due_at"]).doNothing())
            .returning("schedule_id")
            .executeTakeFirst();
          if (!claimed) return undefined;
          const { instanceId } = await startFlowIn(execution, tx, { flowId: flow_id, version, input: { scheduledAt: due.toISOString() }, actor: `schedule:${owner}` });
          return instanceId;
        });
        if (instanceId) started.push(instanceId);
      }
      return started;
    },
  };
}
