/**
 * Compiled flow versions, by flow id and version. A published version never
 * changes (the table forbids it), so each is compiled once per process and
 * kept; running instances stay on the version they started with. Its
 * trigger is kept too, so intake and the scheduler, which look at every
 * flow's newest version, read no document once they know the version.
 */
import { compileFlow, type CompiledFlow } from "@orderflow/engine";
import type { Trigger } from "@orderflow/engine/definition";
import { sql, type Kysely } from "kysely";
import type { Database } from "../storage/schema";

export class UnknownFlowError extends Error {
  constructor(readonly flowId: string, readonly version?: number) {
    super(version === undefined ? `No published version of flow "${flowId}": publish the flow first` : `Flow "${flowId}" has no version ${version}`);
    this.name = "UnknownFlowError";
  }
}

export interface FlowVersions {
  get(db: Kysely<Database>, flowId: string, version: number): Promise<CompiledFlow>;
  /** What starts instances of a version (an order, a schedule, a person), read once and kept; null when it names none. */
  trigger(db: Kysely<Database>, flowId: string, version: number): Promise<Trigger | null>;
  /** The newest published version: new instances start on it. */
  latest(db: Kysely<Database>, flowId: string): Promise<{ version: number; compiled: CompiledFlow }>;
}

export function createFlowVersions(): FlowVersions {
  const compiled = new Map<string, Promise<CompiledFlow>>();
  const triggers = new Map<string, Promise<Trigger | null>>();
  const get = (db: Kysely<Database>, flowId: string, version: number): Promise<CompiledFlow> => {
    const id = `${flowId}@${version}`;
    let flow = compiled.get(id);
    if (!flow) {
      flow = db
        .selectFrom("flow_versions")
        .select("document")
        .where("flow_id", "=", flowId)
        .where("version", "=", version)
        .executeTakeFirst()
        .then((row) => {
          if (!row) throw new UnknownFlowError(flowId, version);
          return compileFlow(row.document);
        });
      flow.catch(() => compiled.delete(id));
      compiled.set(id, flow);
    }
    return flow;
  };
  return {
    get,
    trigger(db, flowId, version) {
      const id = `${flowId}@${version}`;
      let trigger = triggers.get(id);
      if (!trigger) {
        trigger = db
          .selectFrom("flow_versions")
          .select(sql<Trigger | null>`document -> 'trigger'`.as("trigger"))
          .where("flow_id", "=", flowId)
          .where("version", "=", version)
          .executeTakeFirst()
          .then((row) => {
            if (!row) throw new UnknownFlowError(flowId, version);
            return row.trigger;
          });
        trigger.catch(() => triggers.delete(id));
        triggers.set(id, trigger);
      }
      return trigger;
    },
    async latest(db, flowId) {
      const row = await db.selectFrom("flow_versions").select("version").where("flow_id", "=", flowId).orderBy("version", "desc").limit(1).executeTakeFirst();
      if (!row) throw new UnknownFlowError(flowId);
      return { version: row.version, compiled: await get(db, flowId, row.version) };
    },
  };
}
