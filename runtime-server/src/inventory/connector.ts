/**
 * The built-in inventory as a connector flows call (connector id
 * `inventory`): reserve, release, commit, choose_warehouse, split_order,
 * transfer and sellable. Stock that is short comes back as a failure no
 * retry can cure, `{ code: "out_of_stock" }` with the SKU and the
 * shortfall, so the flow takes its `error` edge; database trouble is
 * retryable. Every call that changes stock is keyed by the step's
 * idempotency key, so a retried step changes it once.
 *
 * Its actions also run inline (connector-registry.ts): in the transaction
 * of the step that calls them, many orders' reservations decided together
 * (reserve-together.ts), so an order is received, reserved and routed in
 * one commit. `invoke` is the same work in a transaction of its own.
 *
 * @example
 * const connectors = { inventory: createInventoryConnector(storage.db), ...others };
 * // in a flow: { "kind": "action", "connector": "inventory", "action": "reserve",
 * //              "input": { "orderNo": { "var": "input.orderNo" }, "lines": { "var": "input.lines" }, "address": { "var": "input.address" } } }
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { Ajv, type ValidateFunction } from "ajv";
import type { Kysely, Transaction } from "kysely";
import type { InstalledConnector } from "../execution/connector-registry";
import type { WriteBatch } from "../execution/write-batch";
import type { ConnectorCall, ConnectorOutcome } from "../execution/worker";
import type { Database } from "../storage/schema";
import { InventoryError, OutOfStockError } from "./errors";
import type { ChangeContext } from "./ledger";
import { mergeLines, type OrderLine } from "./lines";
import { commitReservation, findReservation, releaseOrder, releaseReservation, reserveStock, type Reservation } from "./reservations";
import { forgetStock, reserveTogether, type TogetherRequest, type TogetherResult } from "./reserve-together";
import type { RoutingOrder, Verdict } from "./routing/decide";
import { chooseParts, loadCandidates, type Strategy } from "./routing/route-order";
import { sellableStock } from "./sellable";
import { transferStock } from "./transfers";

const Line = Type.Object({ sku: Type.String({ minLength: 1 }), quantity: Type.Integer({ minimum: 1 }) });
const Lines = Type.Array(Line, { minItems: 1 });
const Address = Type.Union([Type.Object({ province: Type.Optional(Type.String()), city: Type.Optional(Type.String()) }), Type.Null()]);
const Strategy = Type.Union([Type.Literal("nearest"), Type.Literal("cheapest"), Type.Literal("priority")]);
const Routing = { lines: Lines, address: Type.Optional(Address), strategy: Type.Optional(Strategy) };

/** Each action's input, as JSON Schema (for the designer's forms) and for checking calls. */
export const inventoryActionInputs = {
  reserve: Type.Object({
    ...Routing,
    orderNo: Type.Optional(Type.String({ minLength: 1 })),
    /** Default: the step's idempotency key. */
    reservationId: Type.Optional(Type.String({ minLength: 1 })),
    /** Reserve in this warehouse instead of choosing one. */
    warehouse: Type.Optional(Type.String({ minLength: 1 })),
    /** Split the order across warehouses when no single one can ship it. */
    split: Type.Optional(Type.Boolean()),
  }),
  /** One reservation (or its lines in one warehouse), or everything an order holds. */
  release: Type.Object({
    reservationId: Type.Optional(Type.String({ minLength: 1 })),
    warehouse: Type.Optional(Type.String({ minLength: 1 })),
    orderNo: Type.Optional(Type.String({ minLength: 1 })),
  }),
  commit: Type.Object({ reservationId: Type.String({ minLength: 1 }), warehouse: Type.Optional(Type.String({ minLength: 1 })) }),
  choose_warehouse: Type.Object(Routing),
  split_order: Type.Object(Routing),
  transfer: Type.Object({
    sku: Type.String({ minLength: 1 }),
    from: Type.String({ minLength: 1 }),
    to: Type.String({ minLength: 1 }),
    quantity: Type.Integer({ minimum: 1 }),
    /** Default: the step's idempotency key. */
    transferId: Type.Optional(Type.String({ minLength: 1 })),
    reason: Type.Optional(Type.String()),
  }),
  sellable: Type.Object({ channel: Type.String({ minLength: 1 }), skus: Type.Optional(Type.Array(Type.String({ minLength: 1 }))) }),
} as const;

type ActionName = keyof typeof inventoryActionInputs;
type InputOf<A extends ActionName> = Static<(typeof inventoryActionInputs)[A]>;
type Handlers = { [A in ActionName]: (input: InputOf<A>, call: ConnectorCall) => Promise<unknown> };

/** How often reserve chooses again when the stock it chose was taken by another order meanwhile. */
const ROUTING_ATTEMPTS = 3;

/** The actions decided together for many orders when run inline (reserve-together.ts); the others run one by one. */
const TOGETHER = { reserve: "reserve", choose_warehouse: "choose", split_order: "split" } as const;

const ajv = new Ajv({ allErrors: false, strict: false, verbose: true });
const validators = new Map<TSchema, ValidateFunction>();

export function createInventoryConnector(db: Kysely<Database>): InstalledConnector {
  const handlers = handlersOn(db);
  return {
    invoke: (call) => invokeWith(handlers, call),
    inline: {
      runsInline: (action) => action in inventoryActionInputs,
      invokeAllIn,
    },
  };
}

/**
 * Many calls in the caller's transaction: reserve, choose_warehouse and
 * split_order decided together on one locked read of the stock; then the
 * rest one by one, each under a savepoint (so a failed one leaves nothing
 * behind and the transaction usable).
 */
async function invokeAllIn(tx: Transaction<Database>, calls: readonly ConnectorCall[], batch?: WriteBatch): Promise<ConnectorOutcome[]> {
  const outcomes: ConnectorOutcome[] = [];
  const together: { index: number; request: TogetherRequest }[] = [];
  const alone: number[] = [];
  const explicitIds = calls.flatMap((call) => (call.action === "reserve" && typeof call.input.reservationId === "string" ? [call.input.reservationId] : []));
  // Reservations still pending from an earlier round would not be found.
  if (explicitIds.length > 0) await forgetStock(tx);
  const taken = new Set(
    explicitIds.length === 0 ? [] : (await tx.selectFrom("reservations").select("id").where("id", "in", explicitIds).execute()).map((row) => row.id),
  );
  calls.forEach((call, index) => {
    const problem = problemWith(call);
    if (problem) return void (outcomes[index] = problem);
    const request = togetherRequest(call);
    // A reservation id seen before (in the database or this round) is answered by the one-by-one reserve: the first answer, or key_reused.
    if (!request || (request.kind === "reserve" && taken.has(request.reservationId))) return void alone.push(index);
    if (request.kind === "reserve") taken.add(request.reservationId);
    together.push({ index, request });
  });
  const results = together.length === 0 ? [] : await reserveTogether(tx, together.map(({ request }) => request), batch);
  together.forEach(({ index, request }, position) => {
    const result = results[position]!;
    if (result instanceof InventoryError) return void (outcomes[index] = failure(result.code, result.message));
    outcomes[index] = { ok: true, output: outputOf(request, result) };
  });
  const handlers = handlersOn(tx);
  if (alone.length > 0) await forgetStock(tx);
  for (const index of alone) outcomes[index] = await invokeWith(handlers, calls[index]!, { inTransaction: true });
  return outcomes;
}

function togetherRequest(call: ConnectorCall): TogetherRequest | undefined {
  const kind = TOGETHER[call.action as keyof typeof TOGETHER];
  if (kind === undefined) return undefined;
  const input = call.input as InputOf<"reserve">;
  const routing = { lines: input.lines.map(({ sku, quantity }) => ({ sku, quantity })), address: input.address, strategy: input.strategy };
  if (kind !== "reserve") return { kind, ...routing };
  return {
    kind,
    ...routing,
    reservationId: input.reservationId ?? call.idempotencyKey,
    orderNo: input.orderNo ?? null,
    warehouse: input.warehouse,
    split: input.split ?? false,
    context: contextOf(call),
  };
}

/** What each action returns to the flow, the same whether it ran inline or not. */
function outputOf(request: TogetherRequest, result: TogetherResult): unknown {
  const routing = result.verdicts && { routing: reasons(result.verdicts) };
  switch (request.kind) {
    case "choose":
      return { warehouse: result.parts[0]!.warehouse, ...routing };
    case "split":
      return { split: result.parts.length > 1, parts: result.parts };
    case "reserve": {
      const lines = result.reserved!.map((line) => ({ ...line, state: "reserved" as const }));
      return { ...reservationOutput({ id: request.reservationId, orderNo: request.orderNo, state: "reserved", lines }), ...routing };
    }
  }
}

function contextOf(call: ConnectorCall, reason?: string): ChangeContext {
  return { actor: "flow", reason: reason ?? `${call.action} (step ${call.idempotencyKey})` };
}

/** The actions on a database handle: the server's pool, or a transaction the caller holds. */
function handlersOn(db: Kysely<Database>): Handlers {
  const route = async (order: RoutingOrder, strategy: Strategy | undefined, split: boolean) =>
    chooseParts(order, await loadCandidates(db, order.lines.map((line) => line.sku)), strategy, split);

  return {
    async reserve(input, call) {
      const reservationId = input.reservationId ?? call.idempotencyKey;
      const made = await findReservation(db, reservationId);
      if (made) return reservationOutput(made);
      const lines = mergeLines(input.lines.map(({ sku, quantity }) => ({ sku, quantity })));
      const order: RoutingOrder = { lines, address: input.address };
      for (let attempt = 1; ; attempt++) {
        const { parts, verdicts } = input.warehouse !== undefined ? { parts: [{ warehouse: input.warehouse, lines }], verdicts: undefined } : await route(order, input.strategy, input.split ?? false);
        try {
          const { reservation } = await reserveStock(
            db,
            { reservationId, orderNo: input.orderNo ?? null, lines: parts.flatMap((part) => part.lines.map((line) => ({ ...line, warehouse: part.warehouse }))) },
            contextOf(call),
          );
          return { ...reservationOutput(reservation), ...(verdicts && { routing: reasons(verdicts) }) };
        } catch (error) {
          // Routing read a snapshot; another order may have taken the stock since. Choose again on fresh figures.
          if (!(error instanceof OutOfStockError) || input.warehouse !== undefined || attempt >= ROUTING_ATTEMPTS) throw error;
        }
      }
    },
    async release(input, call) {
      if (input.reservationId === undefined) {
        if (input.orderNo === undefined) throw new InventoryError("invalid_input", "inventory.release: give reservationId (what the reserve step returned) or orderNo (to release all the order holds)");
        return { reservations: (await releaseOrder(db, input.orderNo, contextOf(call))).map(reservationOutput) };
      }
      return reservationOutput(await releaseReservation(db, { reservationId: input.reservationId, warehouse: input.warehouse }, contextOf(call)));
    },
    async commit(input, call) {
      return reservationOutput(await commitReservation(db, { reservationId: input.reservationId, warehouse: input.warehouse }, contextOf(call)));
    },
    async choose_warehouse(input) {
      const lines = mergeLines(input.lines.map(({ sku, quantity }) => ({ sku, quantity })));
      const { parts, verdicts } = await route({ lines, address: input.address }, input.strategy, false);
      return { warehouse: parts[0]!.warehouse, routing: reasons(verdicts) };
    },
    async split_order(input) {
      const lines = mergeLines(input.lines.map(({ sku, quantity }) => ({ sku, quantity })));
      const { parts } = await route({ lines, address: input.address }, input.strategy, true);
      return { split: parts.length > 1, parts };
    },
    async transfer(input, call) {
      const request = { transferId: input.transferId ?? call.idempotencyKey, sku: input.sku, from: input.from, to: input.to, quantity: input.quantity };
      return transferStock(db, request, contextOf(call, input.reason));
    },
    async sellable(input) {
      return { stock: await sellableStock(db, input.channel, input.skus) };
    },
  };
}

/** A call's input problem as the outcome the flow gets, or undefined when the call is fine. */
function problemWith(call: ConnectorCall): ConnectorOutcome | undefined {
  if (!(call.action in inventoryActionInputs)) {
    return failure("unknown_action", `The inventory connector has no action "${call.action}"; use one of ${Object.keys(inventoryActionInputs).join(", ")}`);
  }
  const action = call.action as ActionName;
  const problem = checkInput(inventoryActionInputs[action], call.input);
  return problem === undefined ? undefined : failure("invalid_input", `inventory.${action}: ${problem}`);
}

/**
 * Database trouble is worth a retry; in the caller's transaction it is
 * thrown instead (the transaction may be unusable, and is done again).
 */
async function invokeWith(handlers: Handlers, call: ConnectorCall, options: { inTransaction?: boolean } = {}): Promise<ConnectorOutcome> {
  const problem = problemWith(call);
  if (problem) return problem;
  try {
    return { ok: true, output: await (handlers[call.action as ActionName] as (input: unknown, call: ConnectorCall) => Promise<unknown>)(call.input, call) };
  } catch (error) {
    if (error instanceof InventoryError) return failure(error.code, error.message);
    if (options.inTransaction) throw error;
    return { ok: false, error: { code: "database", message: error instanceof Error ? error.message : String(error) }, retryable: true };
  }
}

function failure(code: string, message: string): ConnectorOutcome {
  return { ok: false, error: { code, message }, retryable: false };
}

/** A reservation as flows see it: `warehouse` is set when one warehouse ships it all, `parts` always. */
function reservationOutput(reservation: Reservation) {
  const parts = new Map<string, (OrderLine & { state: string })[]>();
  for (const line of reservation.lines) {
    const part = parts.get(line.warehouse) ?? [];
    part.push({ sku: line.sku, quantity: line.quantity, state: line.state });
    parts.set(line.warehouse, part);
  }
  return {
    reservationId: reservation.id,
    orderNo: reservation.orderNo,
    state: reservation.state,
    warehouse: parts.size === 1 ? [...parts.keys()][0]! : null,
    split: parts.size > 1,
    parts: [...parts].map(([warehouse, lines]) => ({ warehouse, lines })),
  };
}

function reasons(verdicts: readonly Verdict[]) {
  return verdicts.map((verdict) => ({ warehouse: verdict.warehouse, canShip: verdict.canShip, reason: verdict.reason }));
}

/** The first problem with `input`, named by its field (lines[0].quantity), or undefined. */
function checkInput(schema: TSchema, input: unknown): string | undefined {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
  if (validate(input)) return undefined;
  const error = validate.errors![0]!;
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join("")
    .replace(/^\./, "");
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ""}${missing} is missing`;
  }
  return `${path || "input"} ${error.message ?? "is not valid"}, got ${JSON.stringify(error.data)}`;
}
