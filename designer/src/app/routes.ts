/**
 * Pages live in the address's hash (`/#/orders/DB20261122000001`), so the
 * server's API keeps every root path, and a reload or a shared link opens the
 * same page: the server only ever serves `/`.
 */
export interface Route {
  /** The first segment: a section id ("orders"), or "" for the home page. */
  section: string;
  /** The segments after it, decoded. */
  rest: readonly string[];
  query: Readonly<Record<string, string>>;
}

/** `#/orders/DB1?q=1234` → { section: "orders", rest: ["DB1"], query: { q: "1234" } }. */
export function parseHash(hash: string): Route {
  const text = hash.replace(/^#\/?/, "");
  const [path = "", search = ""] = splitOnce(text, "?");
  const segments = path.split("/").filter((segment) => segment !== "").map(safeDecode);
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(search)) query[name] = value;
  return { section: segments[0] ?? "", rest: segments.slice(1), query };
}

/** The hash of a page; query values that are empty or undefined are left out. */
export function hashOf(section: string, rest: readonly string[] = [], query: Readonly<Record<string, string | undefined>> = {}): string {
  const path = [section, ...rest].map(encodeURIComponent).join("/");
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(name, value);
  const search = params.toString();
  return `#/${path}${search ? `?${search}` : ""}`;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
