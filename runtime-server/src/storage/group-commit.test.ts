import { describe, expect, it } from "vitest";
import { createGroupCommit } from "./group-commit";

describe("group commit", () => {
  it("writes a request at once and the ones that arrive meanwhile together, each getting its own result", async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const store = createGroupCommit(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((n) => n * 10);
    });
    const first = store(1);
    await expect.poll(() => batches.length).toBe(1);
    const rest = [2, 3, 4, 5].map((n) => store(n));
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it("tries each request of a failed batch alone, so only the bad one fails", async () => {
    const store = createGroupCommit(async (items: number[]) => {
      await Promise.resolve();
      if (items.includes(13)) throw new Error("13 cannot be stored");
      return items;
    });
    const first = store(1);
    const rest = [12, 13, 14].map((n) => store(n).then((value) => ({ value }), (error: Error) => ({ error: error.message })));
    expect(await first).toBe(1);
    expect(await Promise.all(rest)).toEqual([{ value: 12 }, { error: "13 cannot be stored" }, { value: 14 }]);
  });

  it("never puts more than maxBatch requests in one transaction", async () => {
    const sizes: number[] = [];
    const store = createGroupCommit(async (items: number[]) => (sizes.push(items.length), items), { maxBatch: 3 });
    await Promise.all(Array.from({ length: 8 }, (_, n) => store(n)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(8);
  });
});
