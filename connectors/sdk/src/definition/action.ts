/**
 * An action: something a flow asks the far side to do (create a waybill,
 * push a shipment back to the platform). Its props are its input, checked
 * against their schema before `run` is called; its output schema lets the
 * designer offer the fields of this step to later ones.
 *
 * @example
 * export const pushShipment = defineAction({
 *   id: "push_shipment",
 *   name: { zh: "回传发货", en: "Push shipment" },
 *   props: { trackingNo: Prop.text({ label: { zh: "运单号", en: "Tracking number" } }) },
 *   output: Type.Object({ accepted: Type.Boolean() }),
 *   async run({ input, http }) { … return { accepted: true }; },
 * });
 */
import { type Static, type TObject, type TSchema } from "@sinclair/typebox";
import type { HttpClient } from "../http/http-client";
import type { LocalizedText } from "../localized";
import { propsSchema, type Props, type PropsValue } from "../props/prop";
import type { ConnectorStore } from "../store";
import { assertId, assertLocalized } from "./declaration-checks";

/** What `run` gets for one call. */
export interface ActionContext<I, S> {
  input: I;
  /** The connector's settings for this installation (shop, URLs, credentials). */
  settings: S;
  /** Reaches the far side with the connector's auth, the shop's rate budget and this call's idempotency key. */
  http: HttpClient;
  /** The effect's key: the same however often the call is repeated. */
  idempotencyKey: string;
  /** 1 for the first try. */
  attempt: number;
  /** Aborted when the call's time is up. */
  signal: AbortSignal;
  store: ConnectorStore;
  clock: () => Date;
}

export interface ActionDefinition<P extends Props = Props, O extends TSchema = TSchema, S extends Props = Props> {
  readonly id: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  readonly props: P;
  /** The JSON Schema of the input, built from `props`. */
  readonly input: TObject<P>;
  readonly output: O;
  /** Only for typing `settings` in `run`; must be part of the connector's settings. */
  readonly settings?: S;
  run(context: ActionContext<PropsValue<P>, PropsValue<S>>): Promise<Static<O>>;
}

export function defineAction<P extends Props, O extends TSchema, S extends Props = Props>(declaration: {
  id: string;
  name: LocalizedText;
  description?: LocalizedText;
  props: P;
  output: O;
  settings?: S;
  run(context: ActionContext<PropsValue<P>, PropsValue<S>>): Promise<Static<O>>;
}): ActionDefinition<P, O, S> {
  assertId(declaration.id, "Action");
  assertLocalized(declaration.name, `Action "${declaration.id}" name`);
  if (declaration.description) assertLocalized(declaration.description, `Action "${declaration.id}" description`);
  return Object.freeze({ ...declaration, props: Object.freeze({ ...declaration.props }), input: propsSchema(declaration.props) });
}
