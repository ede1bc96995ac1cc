/**
 * How rules see an instance, and the small pure helpers every node kind
 * uses: evaluating expressions against the instance, rendering messages,
 * turning durations and times into the host's clock.
 */
import type { LocalizedText } from "../definition/schema";
import { evaluateRule, parseDuration } from "../rules/index";
import { compileMapping } from "./compile-mapping";
import type { ErrorInfo, InstanceContext, LocalizedMessage, Recipient } from "./types";

/**
 * A small map that forgets its oldest entry when full: for pure functions of
 * values a flow uses over and over (durations, instants, templates).
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get(key: K, compute: (key: K) => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute(key);
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as K);
      this.entries.set(key, value);
    }
    return value;
  }
}

const isoTexts = new BoundedCache<number, string>(256);
const formatInstant = (ms: number) => new Date(ms).toISOString();
/** Epoch ms as an ISO string. Steps format the same few instants (now, due times) again and again. */
export function iso(ms: number): string {
  return isoTexts.get(ms, formatInstant);
}

/**
 * The data a rule of the flow sees: `input` (what the instance started with),
 * `steps.<node>` (each node's input, output, error, outcome), `instance` and
 * `now`. Node kinds add their own names (`form`, `item`, `index`, `in`).
 */
export function ruleData(context: InstanceContext, extra?: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {
    input: context.input,
    steps: context.steps,
    instance: { id: context.instanceId, flowId: context.flowId, startedAt: context.startedAt },
    now: iso(context.now),
  };
  if (extra) Object.assign(data, extra);
  return data;
}

export type Evaluation<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function evaluate(expression: unknown, context: InstanceContext, extra?: Record<string, unknown>): Evaluation<unknown> {
  try {
    return { ok: true, value: evaluateRule(expression, ruleData(context, extra), { now: context.now }) };
  } catch (error) {
    return { ok: false, error: { code: "rule_error", message: error instanceof Error ? error.message : String(error) } };
  }
}

/**
 * Evaluates a mapping (nested objects and lists included, compiled once per
 * mapping); a field that fails names itself in the error (`recipient.phone: …`).
 */
export function evaluateMapping(
  mapping: Record<string, unknown> | undefined,
  context: InstanceContext,
  extra?: Record<string, unknown>,
): Evaluation<Record<string, unknown>> {
  if (mapping === undefined) return { ok: true, value: {} };
  try {
    return { ok: true, value: compileMapping(mapping).evaluate(ruleData(context, extra), { now: context.now }) };
  } catch (error) {
    return { ok: false, error: { code: "rule_error", message: error instanceof Error ? error.message : String(error) } };
  }
}

export function resolveRecipient(audience: { role?: string; user?: unknown; warehouse?: unknown }, context: InstanceContext): Recipient {
  const recipient: Recipient = {};
  if (audience.role !== undefined) recipient.role = audience.role;
  for (const field of ["user", "warehouse"] as const) {
    if (audience[field] === undefined) continue;
    const value = evaluate(audience[field], context);
    recipient[field] = value.ok ? value.value : null;
  }
  return recipient;
}

/**
 * Fills `{{path}}` placeholders from the instance data, in every language.
 *
 * @example renderMessage({ zh: "订单 {{input.orderNo}} 超时" }, context) // → { zh: "订单 DB20261122000123 超时" }
 */
export function renderMessage(text: LocalizedText | undefined, context: InstanceContext, extra?: Record<string, unknown>): LocalizedMessage {
  if (text === undefined) return {};
  const data = ruleData(context, extra);
  if (typeof text === "string") {
    const filled = fill(text, data);
    return { zh: filled, en: filled };
  }
  const message: LocalizedMessage = {};
  if (text.zh !== undefined) message.zh = fill(text.zh, data);
  if (text.en !== undefined) message.en = fill(text.en, data);
  return message;
}

/** A template split once into literal text (even places) and placeholder paths (odd places). */
const templates = new BoundedCache<string, string[]>(1024);
const splitTemplate = (template: string) => template.split(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/);

function fill(template: string, data: unknown): string {
  const parts = templates.get(template, splitTemplate);
  if (parts.length === 1) return template;
  let text = "";
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      text += parts[i];
      continue;
    }
    const value = readPath(data, parts[i]!);
    text += value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return text;
}

const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

function readPath(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const segment of path.split(".")) {
    if (FORBIDDEN_SEGMENTS.has(segment) || value === null || typeof value !== "object" || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

const durations = new BoundedCache<string, number>(1024);
/** An ISO-8601 duration in ms; a flow's durations are few and parsed once. */
export function durationMs(duration: string): number {
  return durations.get(duration, parseDuration);
}

/** A time from a rule: an ISO string with offset or epoch milliseconds. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  return undefined;
}
