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

  it("prepares the next group while the one before commits, and commits one group at a time", async () => {
    const log: string[] = [];
    const gates = { prepared: gate(), committed: gate() };
    const store = createGroupCommit({
      prepare: async (items: number[]) => {
        log.push(`prepare ${items}`);
        if (items[0] === 1) await gates.prepared.promise;
        return items.length;
      },
      commit: async (items: number[], prepared: number) => {
        log.push(`commit ${items} (${prepared} prepared)`);
        if (items[0] === 1) await gates.committed.promise;
        log.push(`committed ${items}`);
        return items.map((n) => n * 10);
      },
    });
    const first = store(1);
    await expect.poll(() => log).toEqual(["prepare 1"]);
    // These arrive while the first group prepares: they are the next group, prepared while the first commits.
    const rest = [2, 3].map((n) => store(n));
    gates.prepared.resolve();
    await expect.poll(() => log).toEqual(["prepare 1", "commit 1 (1 prepared)", "prepare 2,3"]);
    gates.committed.resolve();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30]);
    expect(log).toEqual(["prepare 1", "commit 1 (1 prepared)", "prepare 2,3", "committed 1", "commit 2,3 (2 prepared)", "committed 2,3"]);
  });

  it("tries each request alone when preparing their group failed", async () => {
    const store = createGroupCommit({
      prepare: async (items: number[]) => {
        if (items.length > 1 && items.includes(13)) throw new Error("the group could not be prepared");
        if (items.includes(13)) throw new Error("13 cannot be prepared");
        return null;
      },
      commit: async (items: number[]) => items,
    });
    const first = store(1);
    const rest = [12, 13, 14].map((n) => store(n).then((value) => ({ value }), (error: Error) => ({ error: error.message })));
    expect(await first).toBe(1);
    expect(await Promise.all(rest)).toEqual([{ value: 12 }, { error: "13 cannot be prepared" }, { value: 14 }]);
  });
});
