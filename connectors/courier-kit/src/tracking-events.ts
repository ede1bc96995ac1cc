/**
 * Where a parcel is, in the same words for every courier. Each courier's own
 * route codes (SF's opCode, ZTO's scanType) are mapped to one of these
 * kinds with a table the connector declares, and each event becomes a
 * message for the flows waiting on the parcel:
 *
 *     parcel.picked_up · parcel.in_transit · parcel.out_for_delivery · parcel.delivered · parcel.exception
 *
 * correlated by tracking number, which is what a flow's wait names:
 * `{ "type": "event", "event": "parcel.delivered", "correlation": { "var": "steps.waybill.output.trackingNo" } }`.
 */
import { Type, type LocalizedText, type Static, type TriggerEvent } from "@orderflow/connector-sdk";

export const TRACKING_KINDS = {
  picked_up: { zh: "已揽收", en: "Picked up" },
  in_transit: { zh: "运输中", en: "In transit" },
  out_for_delivery: { zh: "派送中", en: "Out for delivery" },
  delivered: { zh: "已签收", en: "Delivered" },
  exception: { zh: "异常", en: "Exception" },
} as const satisfies Record<string, LocalizedText>;

export const EXCEPTION_REASONS = {
  delayed: { zh: "延误", en: "Delayed" },
  lost: { zh: "丢失", en: "Lost" },
  damaged: { zh: "破损", en: "Damaged" },
  returned: { zh: "退回", en: "Returned" },
} as const satisfies Record<string, LocalizedText>;

export type TrackingKind = keyof typeof TRACKING_KINDS;
export type ExceptionReason = keyof typeof EXCEPTION_REASONS;
export type TrackingStatus = { kind: Exclude<TrackingKind, "exception"> } | { kind: "exception"; reason: ExceptionReason };

const literals = <K extends string>(keys: readonly K[]) => Type.Union(keys.map((k) => Type.Literal(k)));

export const TrackingStatusSchema = Type.Object({
  kind: literals(Object.keys(TRACKING_KINDS) as TrackingKind[]),
  reason: Type.Optional(literals(Object.keys(EXCEPTION_REASONS) as ExceptionReason[])),
});

export const TrackingEventSchema = Type.Object({
  trackingNo: Type.String(),
  kind: literals(Object.keys(TRACKING_KINDS) as TrackingKind[]),
  reason: Type.Optional(literals(Object.keys(EXCEPTION_REASONS) as ExceptionReason[])),
  at: Type.String({ format: "date-time", description: "When the courier scanned it, with an offset" }),
  description: Type.String({ description: "The courier's own words" }),
  location: Type.Optional(Type.String()),
  code: Type.String({ description: "The courier's own route code, kept for staff" }),
});
export type TrackingEvent = Static<typeof TrackingEventSchema>;

/** One route record as a courier reports it, before mapping. */
export interface CourierRoute {
  trackingNo: string;
  code: string;
  /** ISO 8601 with an offset. */
  at: string;
  description: string;
  location?: string;
}

/**
 * Maps a courier's route record with its code table; `null` for a code the
 * table does not know (an internal scan no flow needs), so that no code is
 * ever guessed into a delivery.
 *
 * @example toTrackingEvent(SF_ROUTE_CODES, { trackingNo: "SF1", code: "80", at, description: "已签收" }) // { kind: "delivered", … }
 */
export function toTrackingEvent(codes: Readonly<Record<string, TrackingStatus>>, route: CourierRoute): TrackingEvent | null {
  const status = Object.hasOwn(codes, route.code) ? codes[route.code] : undefined;
  if (!status) return null;
  return {
    trackingNo: route.trackingNo,
    kind: status.kind,
    ...(status.kind === "exception" ? { reason: status.reason } : {}),
    at: route.at,
    description: route.description,
    ...(route.location ? { location: route.location } : {}),
    code: route.code,
  };
}

const RANK: Record<TrackingKind, number> = { picked_up: 0, in_transit: 1, exception: 2, out_for_delivery: 3, delivered: 4 };

/** Events oldest first; at the same instant, in the order a parcel goes through them. */
export function sortTrackingEvents(events: readonly TrackingEvent[]): TrackingEvent[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || RANK[a.kind] - RANK[b.kind]);
}

/** The parcel's status after `events` (in any order, duplicates allowed): the latest one's; null for none. */
export function currentStatus(events: readonly TrackingEvent[]): TrackingStatus | null {
  const latest = sortTrackingEvents(events).at(-1);
  if (!latest) return null;
  return latest.kind === "exception" ? { kind: "exception", reason: latest.reason ?? "delayed" } : { kind: latest.kind };
}

/** The message name a flow waits for, e.g. `parcel.delivered`. */
export function parcelEventName(kind: TrackingKind): `parcel.${TrackingKind}` {
  return `parcel.${kind}`;
}

/**
 * A tracking event as the message the server publishes to waiting flows.
 * The dedupe key names the thing: a parcel is picked up and delivered once,
 * so a repeated or late push of either is recognised whatever its time;
 * other events are told apart by their time and code.
 */
export function toParcelMessage(courier: string, event: TrackingEvent): Extract<TriggerEvent, { kind: "message" }> {
  const once = event.kind === "picked_up" || event.kind === "delivered";
  const dedupeKey = once ? `${courier}:parcel:${event.trackingNo}:${event.kind}` : `${courier}:parcel:${event.trackingNo}:${event.kind}:${event.code}:${Date.parse(event.at)}`;
  return { kind: "message", dedupeKey, event: parcelEventName(event.kind), correlation: event.trackingNo, payload: { courier, ...event } };
}
