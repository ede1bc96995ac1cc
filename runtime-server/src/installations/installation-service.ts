/**
 * Connector installations as the API manages them: list, read, create,
 * change, delete and test. Every change is stored with its audit entry in
 * one transaction and then takes effect in this process (the directory
 * refreshes). What is returned never holds a secret: only which secret
 * fields are set (`secretsSet`), and the audit log records the same view.
 *
 * @example
 * const installations = createInstallationService({ db, clock, box, directory });
 * await installations.create({ id: "taobao-main", connector: "taobao", settings: { shop: "tmall-flagship", appKey: "…", appSecret: "…", session: "…" } }, "li.admin");
 */
import { ConnectorError, installConnector, type LocalizedText, type SecretBox } from "@orderflow/connector-sdk";
import type { Kysely } from "kysely";
import { recordAudit } from "../auth/audit";
import { createConnectorStore } from "../storage/connector-store";
import type { Database } from "../storage/schema";
import { BUILT_IN_CONNECTORS, catalogueEntry, findConnector, type Definition } from "./catalogue";
import type { ConnectorDirectory, InstallationState } from "./connector-directory";
import { deleteInstallationRow, getInstallationRow, insertInstallationRow, listInstallationRows, updateInstallationRow, type InstallationRow } from "./installation-rows";
import { nextSettings, openSettings, type FieldProblem } from "./installation-settings";

export type InstallationErrorCode = "invalid_installation" | "not_found" | "id_taken" | "no_secret_key";

export class InstallationError extends Error {
  constructor(
    readonly code: InstallationErrorCode,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = "InstallationError";
  }
}

export interface NewInstallationInput {
  id: string;
  connector: string;
  displayName?: string;
  settings: Record<string, unknown>;
  enabled?: boolean;
}

export interface InstallationChange {
  displayName?: string;
  /** Every plain setting; secrets left out are kept, `null` removes one. */
  settings?: Record<string, unknown>;
  enabled?: boolean;
}

export type InstallationView = ReturnType<typeof viewOf>;

export interface ConnectionTest {
  ok: boolean;
  /** "poll": one read-only poll of the connector's polling trigger reached the far side; "settings": the connector has no read-only call, only the settings and secrets were checked. */
  checked: "poll" | "settings";
  message: LocalizedText;
  error?: { code: string; message: string };
}

export function createInstallationService(deps: { db: Kysely<Database>; clock: () => Date; box: SecretBox | undefined; directory: ConnectorDirectory; catalogue?: readonly Definition[] }) {
  const { db, clock, box, directory } = deps;
  const catalogue = deps.catalogue ?? BUILT_IN_CONNECTORS;

  const definitionFor = (connector: string): Definition => {
    const definition = findConnector(connector, catalogue);
    if (!definition) {
      throw new InstallationError("invalid_installation", `connector "${connector}" is not one this server can install: use one of ${catalogue.map((d) => d.id).join(", ")} (GET /connectors lists them)`, [
        { field: "/connector", message: `is not a connector this server can install: use one of ${catalogue.map((d) => d.id).join(", ")}` },
      ]);
    }
    return definition;
  };

  const settle = (definition: Definition, id: string, given: Record<string, unknown>, stored: InstallationRow | undefined) => {
    const next = nextSettings(definition, id, given, stored, box);
    if (next.ok) return next;
    if ("noKey" in next) {
      throw new InstallationError("no_secret_key", "This server has no secret key to seal the connector's secrets with: set ORDERFLOW_SECRET_KEY (32 random bytes in base64, e.g. from `openssl rand -base64 32`) and restart it");
    }
    const [first] = next.problems;
    throw new InstallationError("invalid_installation", `${first!.field} ${first!.message}${next.problems.length > 1 ? ` (and ${next.problems.length - 1} more)` : ""}`, next.problems);
  };

  const view = (row: InstallationRow) => viewOf(row, findConnector(row.connector, catalogue), directory.stateOf(row.id));

  const existing = async (id: string): Promise<InstallationRow> => {
    const row = await getInstallationRow(db, id);
    if (!row) throw new InstallationError("not_found", `No connector installation "${id}": GET /connector-installations lists them`);
    return row;
  };

  return {
    catalogue: () => catalogue.map(catalogueEntry),

    list: async () => (await listInstallationRows(db)).map(view),

    get: async (id: string) => view(await existing(id)),

    async create(input: NewInstallationInput, actor: string): Promise<InstallationView> {
      if (directory.isReserved(input.id)) {
        throw new InstallationError("id_taken", `The name "${input.id}" belongs to a connector installed in code: choose another id`, [{ field: "/id", message: "is the name of a connector installed in code: choose another" }]);
      }
      const definition = definitionFor(input.connector);
      const namesake = findConnector(input.id, catalogue);
      if (namesake && namesake !== definition) {
        const problem = `is the id of the ${namesake.id} connector: flows and the channel connector naming ${namesake.id} would reach this ${definition.id} installation; choose another, e.g. "${definition.id}-${input.id}"`;
        throw new InstallationError("invalid_installation", `id ${problem}`, [{ field: "/id", message: problem }]);
      }
      const { settings, secrets } = settle(definition, input.id, input.settings, undefined);
      const row = await db.transaction().execute(async (tx) => {
        const inserted = await insertInstallationRow(tx, {
          id: input.id,
          connector: definition.id,
          shop: shopOf(definition, settings),
          displayName: input.displayName ?? definition.name.zh,
          settings,
          secrets,
          enabled: input.enabled ?? true,
          by: actor,
          at: clock(),
        });
        if (!inserted) throw new InstallationError("id_taken", `A connector installation "${input.id}" exists already: choose another id, or change that one (PATCH /connector-installations/${input.id})`, [{ field: "/id", message: "is taken" }]);
        await recordAudit(tx, { actor, action: "connector_installation.create", targetType: "connector_installation", targetId: input.id, after: auditedView(inserted), at: clock() });
        return inserted;
      });
      await directory.refresh();
      return view(row);
    },

    async update(id: string, change: InstallationChange, actor: string): Promise<InstallationView> {
      const row = await db.transaction().execute(async (tx) => {
        const stored = await getInstallationRow(tx, id, { forUpdate: true });
        if (!stored) throw new InstallationError("not_found", `No connector installation "${id}": GET /connector-installations lists them`);
        const definition = definitionFor(stored.connector);
        const next = change.settings === undefined ? { settings: stored.settings, secrets: stored.secrets } : settle(definition, id, change.settings, stored);
        const updated = await updateInstallationRow(tx, id, {
          shop: shopOf(definition, next.settings),
          displayName: change.displayName ?? stored.display_name,
          settings: next.settings,
          secrets: next.secrets,
          enabled: change.enabled ?? stored.enabled,
          by: actor,
          at: clock(),
        });
        await recordAudit(tx, { actor, action: "connector_installation.update", targetType: "connector_installation", targetId: id, before: auditedView(stored), after: auditedView(updated!), at: clock() });
        return updated!;
      });
      await directory.refresh();
      return view(row);
    },

    async remove(id: string, actor: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const deleted = await deleteInstallationRow(tx, id);
        if (!deleted) throw new InstallationError("not_found", `No connector installation "${id}": GET /connector-installations lists them`);
        await recordAudit(tx, { actor, action: "connector_installation.delete", targetType: "connector_installation", targetId: id, before: auditedView(deleted), at: clock() });
      });
      await directory.refresh();
    },

    /**
     * Installs the stored settings afresh and, when the connector polls, polls
     * once without taking anything in (the cursor does not move, so the
     * orders found still arrive at the next real poll).
     */
    async test(id: string): Promise<ConnectionTest> {
      const row = await existing(id);
      const definition = definitionFor(row.connector);
      let checked: ConnectionTest["checked"] = "settings";
      try {
        const connector = installConnector(definition, { settings: openSettings(row.id, row, box), store: createConnectorStore(db, row.id), installationId: row.id });
        const poller = Object.values(connector.pollers)[0];
        if (!poller) {
          return {
            ok: true,
            checked,
            message: {
              zh: `设置与密钥齐全。${definition.name.zh} 连接器没有只读的测试调用，第一次实际调用时才能确认对方接受这些凭据`,
              en: `The settings and secrets are complete. The ${definition.name.en} connector has no read-only call to try: its first real call shows whether the far side accepts them`,
            },
          };
        }
        checked = "poll";
        const batch = await poller.poll();
        return {
          ok: true,
          checked,
          message: { zh: `已连通：${definition.name.zh} 应答了订单查询（${batch.events.length} 条未取入的事件，将在下次轮询取入）`, en: `Connected: ${definition.name.en} answered the order listing (${batch.events.length} events not taken in yet; the next poll takes them in)` },
        };
      } catch (error) {
        const code = error instanceof ConnectorError ? error.code : "connection_failed";
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, checked, message: { zh: `连接失败：${message}`, en: `The test failed: ${message}` }, error: { code, message } };
      }
    },
  };
}

export type InstallationService = ReturnType<typeof createInstallationService>;

function shopOf(definition: Definition, settings: Record<string, unknown>): string | null {
  const shop = settings[definition.shopSetting];
  return typeof shop === "string" && shop !== "" ? shop : null;
}

function auditedView(row: InstallationRow) {
  return { connector: row.connector, shop: row.shop, displayName: row.display_name, settings: row.settings, secretsSet: Object.keys(row.secrets).sort(), enabled: row.enabled };
}

function viewOf(row: InstallationRow, definition: Definition | undefined, state: InstallationState) {
  return {
    id: row.id,
    connector: row.connector,
    connectorName: definition?.name ?? { zh: row.connector, en: row.connector },
    shop: row.shop,
    displayName: row.display_name,
    settings: row.settings,
    secretsSet: Object.keys(row.secrets).sort(),
    enabled: row.enabled,
    ...state,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
  };
}
