/** The connector catalogue and the connector installations staff manage. */
import { Type } from "@sinclair/typebox";
import { LocalizedText, Timestamp } from "./common";

const INSTALLATION_ID = "^[a-z][a-z0-9_-]{0,63}$";
export const InstallationId = Type.String({
  pattern: INSTALLATION_ID,
  description: "The name flows call the installation by and the webhook path it listens at (/webhooks/<id>): a lower-case letter, then lower-case letters, digits, _ or -; e.g. taobao-main.",
});
export const InstallationIdParam = Type.Object({ id: InstallationId });

const ConnectorId = Type.String({ minLength: 1, description: "A connector package's id, e.g. taobao, sf_express, dingtalk." });

export const CatalogueEntry = Type.Object({
  id: ConnectorId,
  name: LocalizedText,
  description: Type.Optional(LocalizedText),
  category: Type.String({ description: "sales_channel, inventory, courier, notification or utility." }),
  categoryName: LocalizedText,
  version: Type.String(),
  authKind: Type.Union([Type.Literal("none"), Type.Literal("signature"), Type.Literal("bearer"), Type.Literal("oauth2")]),
  shopSetting: Type.Union([Type.String(), Type.Null()], { description: "The setting that names the shop (orders are routed to the installation of their shop by it), or null." }),
  settingsSchema: Type.Record(Type.String(), Type.Unknown(), { description: "JSON Schema of the install form: settings and credentials together (x-title, x-description in Chinese and English)." }),
  secretFields: Type.Array(Type.String(), { description: "The settings that are secrets: write-only, stored sealed, never returned." }),
  actions: Type.Array(Type.Object({ id: Type.String(), name: LocalizedText })),
  triggers: Type.Array(Type.Object({ id: Type.String(), kind: Type.Union([Type.Literal("webhook"), Type.Literal("polling")]) })),
});
export const Catalogue = Type.Object({ connectors: Type.Array(CatalogueEntry) });

const Settings = Type.Record(Type.String(), Type.Unknown(), {
  description: "The install form's values (see the connector's settingsSchema), secrets included. In an update: every plain setting; a secret left out keeps the stored one, null removes it.",
});
const DisplayName = Type.String({ minLength: 1, maxLength: 200, description: "What staff call it, e.g. 天猫旗舰店." });

export const Installation = Type.Object({
  id: InstallationId,
  connector: ConnectorId,
  connectorName: LocalizedText,
  shop: Type.Union([Type.String(), Type.Null()], { description: "The shop it serves (from its shop setting), or null." }),
  displayName: Type.String(),
  settings: Type.Record(Type.String(), Type.Unknown(), { description: "The plain settings. Secrets are never returned." }),
  secretsSet: Type.Array(Type.String(), { description: 'The secret fields that are stored, e.g. ["appSecret"]; their values are never returned.' }),
  enabled: Type.Boolean(),
  state: Type.Union([Type.Literal("running"), Type.Literal("failed"), Type.Literal("stopped")], { description: "In the process that answered: running, failed to start (see problem), or stopped (disabled, or saved by another process since its last refresh)." }),
  problem: Type.Optional(Type.String({ description: "Why it could not start." })),
  webhookSources: Type.Optional(Type.Array(Type.String(), { description: "Where its webhooks are received: POST /webhooks/<source>." })),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedBy: Type.String(),
  updatedAt: Timestamp,
});
export const InstallationList = Type.Object({ installations: Type.Array(Installation) });

export const NewInstallationBody = Type.Object(
  {
    id: InstallationId,
    connector: ConnectorId,
    displayName: Type.Optional(DisplayName),
    settings: Settings,
    enabled: Type.Optional(Type.Boolean({ description: "Default true." })),
  },
  { additionalProperties: false },
);

export const InstallationChangeBody = Type.Object(
  { displayName: Type.Optional(DisplayName), settings: Type.Optional(Settings), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const ConnectionTest = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Union([Type.Literal("poll"), Type.Literal("settings")], {
    description: "poll: one read-only poll reached the far side (nothing taken in, the cursor not moved); settings: the connector has no read-only call, only its settings and secrets were checked.",
  }),
  message: LocalizedText,
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});
