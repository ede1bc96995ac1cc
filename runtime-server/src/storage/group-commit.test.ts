import { describe, expect, it } from "vitest";
import { createGroupCommit } from "./group-commit";

/** A promise opened from outside. */
function gate() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

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

  it("keeps up to `lanes` transactions open at once, each request in exactly one of them", async () => {
    const log: string[] = [];
    const gates = [gate(), gate()];
    let open = 0;
    let mostOpen = 0;
    const store = createGroupCommit(
      async (items: number[]) => {
        mostOpen = Math.max(mostOpen, ++open);
        log.push(`begin ${items}`);
        if (items[0]! <= 2) await gates[items[0]! - 1]!.promise;
        log.push(`commit ${items}`);
        open--;
        return items.map((n) => n * 10);
      },
      { lanes: 2 },
    );
    const first = store(1);
    await expect.poll(() => log).toEqual(["begin 1"]);
    // A second lane opens for what arrives while the first transaction is open...
    const second = store(2);
    await expect.poll(() => log).toEqual(["begin 1", "begin 2"]);
    // ...and no third: these wait for a lane to come free, and share its next transaction.
    const rest = [3, 4, 5].map((n) => store(n));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(["begin 1", "begin 2"]);
    gates[1]!.resolve();
    expect(await Promise.all([second, ...rest])).toEqual([20, 30, 40, 50]);
    expect(log).toEqual(["begin 1", "begin 2", "commit 2", "begin 3,4,5", "commit 3,4,5"]);
    gates[0]!.resolve();
    expect(await first).toBe(10);
    expect(mostOpen).toBe(2);
  });

  it("with one lane, writes one transaction after another", async () => {
    let open = 0;
    let mostOpen = 0;
    const store = createGroupCommit(async (items: number[]) => {
      mostOpen = Math.max(mostOpen, ++open);
      await new Promise((resolve) => setTimeout(resolve, 1));
      open--;
      return items;
    });
    const stored = await Promise.all(Array.from({ length: 20 }, (_, n) => new Promise((resolve) => setTimeout(resolve, n % 5)).then(() => store(n))));
    expect(stored).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(mostOpen).toBe(1);
  });
});
