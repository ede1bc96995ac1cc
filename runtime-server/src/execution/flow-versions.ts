/**
 * Compiled flow versions, by flow id and version. A published version never
 * changes (the table forbids it), so each is compiled once per process and
 * kept; running instances stay on the version they started with. Its
 * trigger is kept too, so intake and the scheduler, which look at every
 * flow's newest version, read no document once they know the version.
 */
import { compileFlow, type CompiledFlow } from "@orderflow/engine";
import type { Trigger } from "@orderflow/engine/definition";
import { sql, type Kysely, type RawBuilder } from "kysely";
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
  const get = perVersion(async (db, flowId, version) => compileFlow(await readVersion(db, flowId, version, sql<unknown>`document`)));
  return {
    get,
    trigger: perVersion((db, flowId, version) => readVersion(db, flowId, version, sql<Trigger | null>`document -> 'trigger'`)),
    async latest(db, flowId) {
      const row = await db.selectFrom("flow_versions").select("version").where("flow_id", "=", flowId).orderBy("version", "desc").limit(1).executeTakeFirst();
      if (!row) throw new UnknownFlowError(flowId);
      return { version: row.version, compiled: await get(db, flowId, row.version) };
    },
  };
}

type VersionLoader<T> = (db: Kysely<Database>, flowId: string, version: number) => Promise<T>;

/** Keeps what `load` gives for each version (a published version never changes); a failed load is tried again next time. */
function perVersion<T>(load: VersionLoader<T>): VersionLoader<T> {
  const kept = new Map<string, Promise<T>>();
  return (db, flowId, version) => {
    const id = `${flowId}@${version}`;
    let value = kept.get(id);
    if (!value) {
      value = load(db, flowId, version);
      value.catch(() => kept.delete(id));
      kept.set(id, value);
    }
    return value;
  };
}

/** `column` (the document or a part of it) of one published version. */
async function readVersion<T>(db: Kysely<Database>, flowId: string, version: number, column: RawBuilder<T>): Promise<T> {
  const row = await db.selectFrom("flow_versions").select(column.as("value")).where("flow_id", "=", flowId).where("version", "=", version).executeTakeFirst();
  if (!row) throw new UnknownFlowError(flowId, version);
  return row.value as T;
}
