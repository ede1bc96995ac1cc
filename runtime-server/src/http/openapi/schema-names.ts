/**
 * The names schemas get in the OpenAPI document: their export names in the
 * schema modules. A schema is named where it is defined, so adding one needs
 * no list kept elsewhere; only a new schema module is added here.
 */
import { Kind, type TSchema } from "@sinclair/typebox";
import * as alerts from "../schemas/alerts";
import * as common from "../schemas/common";
import * as connectors from "../schemas/connectors";
import * as exceptions from "../schemas/exceptions";
import * as files from "../schemas/files";
import * as flows from "../schemas/flows";
import * as instances from "../schemas/instances";
import * as inventory from "../schemas/inventory";
import * as orders from "../schemas/orders";
import * as people from "../schemas/people";
import * as tasks from "../schemas/tasks";

const MODULES: Record<string, unknown>[] = [common, people, flows, instances, tasks, files, alerts, orders, exceptions, inventory, connectors];

export function schemaNames(): Map<TSchema, string> {
  const names = new Map<TSchema, string>();
  for (const module of MODULES) {
    for (const [name, value] of Object.entries(module)) {
      if (isSchema(value) && !names.has(value)) names.set(value, name);
    }
  }
  return names;
}

function isSchema(value: unknown): value is TSchema {
  return typeof value === "object" && value !== null && Kind in value;
}
