/**
 * What a connector keeps between calls: OAuth2 tokens, polling cursors, ids
 * already seen. The host gives each installed connector its own store
 * (a table in the server; memory in tests). Values must be JSON.
 */
export interface ConnectorStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A store in memory; values are copied in and out as JSON, as a database would. */
export function createMemoryStore(initial: Record<string, unknown> = {}): ConnectorStore & { snapshot(): Record<string, unknown> } {
  const values = new Map<string, string>(Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]));
  return {
    async get<T>(key: string) {
      const text = values.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    async set(key, value) {
      values.set(key, JSON.stringify(value));
    },
    async delete(key) {
      values.delete(key);
    },
    snapshot: () => Object.fromEntries([...values].map(([k, v]) => [k, JSON.parse(v) as unknown])),
  };
}
