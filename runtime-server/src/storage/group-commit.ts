/**
 * Group commit: requests that arrive while a transaction is being written
 * wait for the next one and share it. An idle server writes each request
 * at once; a busy one writes many per commit, so the rate is no longer
 * bounded by the cost of one commit. If a shared transaction fails, each of
 * its requests is tried alone, so one bad request fails no other.
 *
 * A group may have work that needs no open transaction and locks nothing
 * (checking for duplicates, numbering orders): given as `prepare`, it runs
 * while the group before is still committing, so it is not on the path
 * every group waits for. Transactions still run one after another.
 *
 * @example
 * const store = createGroupCommit((orders: Order[]) => db.transaction().execute((tx) => storeAll(tx, orders)));
 * const receipt = await store(order); // resolves once its transaction committed
 */
export interface GroupStages<T, R, P> {
  /** Runs for a group as soon as it is formed, possibly while the group before commits; must not need that group's writes. */
  prepare(items: T[]): Promise<P>;
  /** Writes the group, with what `prepare` found; one result per item, in order. */
  commit(items: T[], prepared: P): Promise<R[]>;
}

export function createGroupCommit<T, R, P = undefined>(
  work: ((items: T[]) => Promise<R[]>) | GroupStages<T, R, P>,
  options: { maxBatch?: number } = {},
): (item: T) => Promise<R> {
  const stages: GroupStages<T, R, P | undefined> = typeof work === "function" ? { prepare: async () => undefined, commit: (items) => work(items) } : work;
  const maxBatch = options.maxBatch ?? 256;
  interface Waiting {
    item: T;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }
  interface Group {
    waiting: Waiting[];
    prepared: Promise<P | undefined>;
  }
  let queue: Waiting[] = [];
  let writing = false;

  const form = (): Group => {
    const waiting = queue.slice(0, maxBatch);
    queue = queue.slice(waiting.length);
    const prepared = stages.prepare(waiting.map((each) => each.item));
    prepared.catch(() => {}); // handled where it is awaited; this only keeps it from counting as unhandled meanwhile
    return { waiting, prepared };
  };
  const alone = async (each: Waiting) => {
    try {
      const [result] = await stages.commit([each.item], await stages.prepare([each.item]));
      each.resolve(result!);
    } catch (error) {
      each.reject(error);
    }
  };

  const drain = async () => {
    writing = true;
    let next: Group | undefined;
    while (next !== undefined || queue.length > 0) {
      if (next === undefined) {
        // Requests already received but not yet read (an embedded database
        // holds the thread while it writes) join this group.
        await new Promise((resolve) => setImmediate(resolve));
        next = form();
      }
      const group = next;
      next = undefined;
      try {
        const committing = stages.commit(
          group.waiting.map((each) => each.item),
          await group.prepared,
        );
        // What arrived while the group before committed is the next group; it prepares while this one commits.
        if (queue.length > 0) next = form();
        const results = await committing;
        group.waiting.forEach((each, index) => each.resolve(results[index]!));
      } catch (error) {
        if (group.waiting.length === 1) group.waiting[0]!.reject(error);
        else await Promise.all(group.waiting.map(alone));
      }
    }
    writing = false;
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
