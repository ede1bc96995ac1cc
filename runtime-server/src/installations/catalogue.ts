/**
 * The connector packages this server can install through the API: every
 * built-in connector under connectors/. An integrator's own connector joins
 * by being added here (and to runtime-server/package.json); the catalogue is
 * what `GET /connectors` lists and what an installation's `connector` names.
 *
 * @example
 * const taobao = findConnector("taobao"); // its ConnectorDefinition, or undefined
 * catalogueEntry(taobao!).secretFields;   // ["appSecret", "session"]
 */
import { cainiao } from "@orderflow/connector-cainiao";
import { dingtalk } from "@orderflow/connector-dingtalk";
import { douyin } from "@orderflow/connector-douyin";
import { email } from "@orderflow/connector-email";
import { jd } from "@orderflow/connector-jd";
import { jdLogistics } from "@orderflow/connector-jd-logistics";
import { outboundWebhook } from "@orderflow/connector-outbound-webhook";
import { pinduoduo } from "@orderflow/connector-pinduoduo";
import type { ConnectorDefinition, TSchema } from "@orderflow/connector-sdk";
import { CONNECTOR_CATEGORIES } from "@orderflow/connector-sdk";
import { sfExpress } from "@orderflow/connector-sf-express";
import { shopify } from "@orderflow/connector-shopify";
import { smsHttp } from "@orderflow/connector-sms-http";
import { tableRateCourier } from "@orderflow/connector-table-rate-courier";
import { taobao } from "@orderflow/connector-taobao";
import { webhookShop } from "@orderflow/connector-webhook-shop";
import { wecom } from "@orderflow/connector-wecom";
import { yto } from "@orderflow/connector-yto";
import { zto } from "@orderflow/connector-zto";

export type Definition = ConnectorDefinition<any>;

export const BUILT_IN_CONNECTORS: readonly Definition[] = [
  taobao,
  jd,
  douyin,
  pinduoduo,
  shopify,
  webhookShop,
  sfExpress,
  zto,
  yto,
  jdLogistics,
  cainiao,
  tableRateCourier,
  dingtalk,
  wecom,
  email,
  smsHttp,
  outboundWebhook,
];

export function findConnector(id: string, catalogue: readonly Definition[] = BUILT_IN_CONNECTORS): Definition | undefined {
  return catalogue.find((definition) => definition.id === id);
}

/**
 * The settings that are secrets (`Prop.secret`: `writeOnly` in the schema).
 * They are top-level fields in every connector (the auth's credentials and a
 * few settings); one nested deeper would not be kept apart, so it is refused
 * here, where a new connector's test would show it.
 */
export function secretFields(definition: Definition): string[] {
  const properties = definition.settingsSchema.properties as Record<string, TSchema>;
  const secrets = Object.entries(properties).filter(([, schema]) => isSecret(schema)).map(([name]) => name);
  for (const [name, schema] of Object.entries(properties)) {
    if (!isSecret(schema) && JSON.stringify(schema).includes('"writeOnly":true')) {
      throw new TypeError(`Connector "${definition.id}" has a secret inside its setting "${name}": make secrets top-level settings so that they are sealed apart`);
    }
  }
  return secrets;
}

function isSecret(schema: TSchema): boolean {
  return schema["writeOnly"] === true || schema["x-secret"] === true;
}

/** What the API shows of a connector package: enough to draw its install form. */
export function catalogueEntry(definition: Definition) {
  return {
    id: definition.id,
    name: definition.name,
    ...(definition.description ? { description: definition.description } : {}),
    category: definition.category,
    categoryName: CONNECTOR_CATEGORIES[definition.category],
    version: definition.version,
    authKind: definition.auth.kind,
    shopSetting: definition.shopSetting in (definition.settingsSchema.properties as object) ? definition.shopSetting : null,
    settingsSchema: JSON.parse(JSON.stringify(definition.settingsSchema)) as Record<string, unknown>,
    secretFields: secretFields(definition),
    actions: definition.actions.map((action) => ({ id: action.id, name: action.name })),
    triggers: definition.triggers.map((trigger) => ({ id: trigger.id, kind: trigger.kind })),
  };
}
