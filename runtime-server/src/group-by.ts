/**
 * Items grouped by a key, each group in the items' order (Node 20 has no
 * Map.groupBy).
 *
 * @example
 * groupBy(calls, (call) => call.connector); // Map { "inventory" => [...], "sf-express" => [...] }
 */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
