/**
 * Many platforms list changed orders only over a bounded span (Taobao: a
 * day, Pinduoduo: thirty minutes), while a poll window after an outage, or a
 * reconciliation, can be longer. `fetchInSpans` cuts a poll window into
 * spans the platform accepts and carries both the span and the platform's
 * own page token in the poller's page token, so a polling trigger's `fetch`
 * stays one page per call.
 *
 * @example
 * fetch: (ctx, window) => fetchInSpans(window, 30 * 60_000, (span, page) => listPage(ctx, span, page)),
 */
import type { PollWindow } from "../definition/triggers";

export interface Span {
  since: Date;
  until: Date;
}

export type FetchSpanPage<Item> = (span: Span, pageToken: string | undefined) => Promise<{ items: Item[]; nextPageToken?: string }>;

interface SpanToken {
  /** Which span of the window, from 0. */
  s: number;
  /** The platform's page token within it. */
  p?: string;
}

export async function fetchInSpans<Item>(window: PollWindow, maxSpanMs: number, fetchPage: FetchSpanPage<Item>): Promise<{ items: Item[]; nextPageToken?: string }> {
  if (!(maxSpanMs > 0)) throw new RangeError("fetchInSpans: maxSpanMs must be a positive number of milliseconds");
  const token = readToken(window.pageToken);
  const start = window.since.getTime() + token.s * maxSpanMs;
  const end = Math.min(window.until.getTime(), start + maxSpanMs);
  const page = await fetchPage({ since: new Date(start), until: new Date(end) }, token.p);
  if (page.nextPageToken !== undefined) return { items: page.items, nextPageToken: JSON.stringify({ s: token.s, p: page.nextPageToken } satisfies SpanToken) };
  if (end < window.until.getTime()) return { items: page.items, nextPageToken: JSON.stringify({ s: token.s + 1 } satisfies SpanToken) };
  return { items: page.items };
}

function readToken(pageToken: string | undefined): SpanToken {
  if (pageToken === undefined) return { s: 0 };
  const parsed = JSON.parse(pageToken) as Partial<SpanToken>;
  if (typeof parsed.s !== "number" || !Number.isInteger(parsed.s) || parsed.s < 0) throw new Error(`fetchInSpans: page token ${pageToken} was not made by fetchInSpans`);
  return { s: parsed.s, ...(typeof parsed.p === "string" ? { p: parsed.p } : {}) };
}

/**
 * One page of a listing sorted newest-changed first that the platform says
 * to read from the last page back (Taobao, Pinduoduo): an item changed again
 * while paging drops out of the window and shifts the rest towards page one,
 * onto a page still to come rather than one already read. Without a token it
 * asks page 1 only to learn the total, then reads the last page; the token is
 * the next (lower) page number.
 */
export async function fetchLastPageFirst<Item>(
  pageToken: string | undefined,
  pageSize: number,
  fetchPage: (page: number) => Promise<{ total: number; items: Item[] }>,
): Promise<{ items: Item[]; nextPageToken?: string }> {
  let page: number;
  if (pageToken === undefined) {
    const first = await fetchPage(1);
    const pages = Math.ceil(first.total / pageSize);
    if (pages <= 1) return { items: first.items };
    page = pages;
  } else {
    page = Number(pageToken);
    if (!Number.isInteger(page) || page < 1) throw new Error(`fetchLastPageFirst: page token ${pageToken} was not made by fetchLastPageFirst`);
  }
  const { items } = await fetchPage(page);
  return page > 1 ? { items, nextPageToken: String(page - 1) } : { items };
}
