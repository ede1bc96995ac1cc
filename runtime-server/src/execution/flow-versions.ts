/**
 * Compiled flow versions, by flow id and version. A published version never
 * changes (the table forbids it), so each is compiled once per process and
 * kept; running instances stay on the version they started with.
 */
import { compileFlow, type CompiledFlow } from "@orderflow/engine";
import type { Kysely } from "kysely";
import type { Database } from "../storage/schema";

export class UnknownFlowError extends Error {
  constructor(readonly flowId: string, readonly version?: number) {
    super(version === undefined ? `No published version of flow "${flowId}": publish the flow first` : `Flow "${flowId}" has no version ${version}`);
    this.name = "UnknownFlowError";
  }
}

export interface FlowVersions {
  get(db: Kysely<Database>, flowId: string, version: number): Promise<CompiledFlow>;
  /** The newest published version: new instances start on it. */
  latest(db: Kysely<Database>, flowId: string): Promise<{ version: number; compiled: CompiledFlow }>;
}

export function createFlowVersions(): FlowVersions {
  const compiled = new Map<string, Promise<CompiledFlow>>();
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
    async latest(db, flowId) {
      const row = await db.selectFrom("flow_versions").select("version").where("flow_id", "=", flowId).orderBy("version", "desc").limit(1).executeTakeFirst();
      if (!row) throw new UnknownFlowError(flowId);
      return { version: row.version, compiled: await get(db, flowId, row.version) };
    },
  };
}
