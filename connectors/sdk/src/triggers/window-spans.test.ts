import { describe, expect, it } from "vitest";
import { fetchInSpans, fetchLastPageFirst, type Span } from "./window-spans";

describe("fetchInSpans", () => {
  it("covers a long window in spans the platform accepts, following each span's pages", async () => {
    const since = new Date("2026-11-22T00:00:00Z");
    const until = new Date("2026-11-22T01:10:00Z");
    const asked: string[] = [];
    const fetchPage = async (span: Span, page: string | undefined) => {
      asked.push(`${span.since.toISOString().slice(11, 16)}-${span.until.toISOString().slice(11, 16)}#${page ?? "1"}`);
      return page === undefined && span.since.getTime() === since.getTime() ? { items: [asked.length], nextPageToken: "2" } : { items: [asked.length] };
    };
    const items: number[] = [];
    let pageToken: string | undefined;
    do {
      const result = await fetchInSpans({ since, until, ...(pageToken === undefined ? {} : { pageToken }) }, 30 * 60_000, fetchPage);
      items.push(...result.items);
      pageToken = result.nextPageToken;
    } while (pageToken !== undefined);
    expect(asked).toEqual(["00:00-00:30#1", "00:00-00:30#2", "00:30-01:00#1", "01:00-01:10#1"]);
    expect(items).toEqual([1, 2, 3, 4]);
  });

  it("refuses a page token it did not make", async () => {
    const window = { since: new Date(0), until: new Date(1000), pageToken: '{"s":-1}' };
    await expect(fetchInSpans(window, 500, async () => ({ items: [] }))).rejects.toThrow(/not made by fetchInSpans/);
  });
});

describe("fetchLastPageFirst", () => {
  it("learns the page count from page 1, then reads from the last page back to the first", async () => {
    const asked: number[] = [];
    const fetchPage = async (page: number) => {
      asked.push(page);
      return { total: 25, items: [`p${page}`] };
    };
    const items: string[] = [];
    let token: string | undefined;
    do {
      const result = await fetchLastPageFirst(token, 10, fetchPage);
      items.push(...result.items);
      token = result.nextPageToken;
    } while (token !== undefined);
    expect(asked).toEqual([1, 3, 2, 1]);
    expect(items).toEqual(["p3", "p2", "p1"]);
  });

  it("reads a single page once", async () => {
    const asked: number[] = [];
    expect(await fetchLastPageFirst(undefined, 10, async (page) => (asked.push(page), { total: 4, items: ["a"] }))).toEqual({ items: ["a"] });
    expect(asked).toEqual([1]);
  });
});
