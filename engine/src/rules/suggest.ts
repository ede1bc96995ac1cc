const normalize = (name: string): string => name.toLowerCase().replace(/[\s_-]/g, "");

/** Edit distance counting a swap of two neighbours as one edit (so "=>" is one away from ">="). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The candidate a mistyped name most likely meant, if any is close enough to be a useful hint.
 *
 * @example closestName("startsWith", ["starts_with", "ends_with"]) // "starts_with"
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = normalize(name);
  const letters = [...wanted].sort().join("");
  let best: string | undefined;
  let bestScore = Math.max(1, Math.floor(wanted.length / 3));
  for (const candidate of candidates) {
    const normalized = normalize(candidate);
    const distance = editDistance(wanted, normalized);
    if (distance === 0) return candidate;
    // A name with every character replaced is not a typo of it ("c" is not ">").
    if (distance >= wanted.length) continue;
    // Same letters in another order ("=>" for ">=") beats an equally distant substitution ("==").
    const score = [...normalized].sort().join("") === letters ? distance - 0.5 : distance;
    if (score < bestScore || (score === bestScore && best === undefined)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
