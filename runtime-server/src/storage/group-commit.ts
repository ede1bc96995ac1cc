/**
 * Group commit: requests that arrive while a transaction is being written
 * wait for the next one and share it. An idle server writes each request
 * at once; a busy one writes many per commit, so the rate is no longer
 * bounded by the cost of one commit. If a shared transaction fails, each of
 * its requests is tried alone, so one bad request fails no other.
 *
 * @example
 * const store = createGroupCommit((orders: Order[]) => db.transaction().execute((tx) => storeAll(tx, orders)));
 * const receipt = await store(order); // resolves once its transaction committed
 */
export function createGroupCommit<T, R>(run: (items: T[]) => Promise<R[]>, options: { maxBatch?: number } = {}): (item: T) => Promise<R> {
  const maxBatch = options.maxBatch ?? 256;
  let queue: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  let writing = false;

  const drain = async () => {
    writing = true;
    while (queue.length > 0) {
      // Requests already received but not yet read (an embedded database
      // holds the thread while it writes) join this transaction.
      await new Promise((resolve) => setImmediate(resolve));
      const taken = queue.slice(0, maxBatch);
      queue = queue.slice(taken.length);
      try {
        const results = await run(taken.map((each) => each.item));
        taken.forEach((each, index) => each.resolve(results[index]!));
      } catch (error) {
        if (taken.length === 1) taken[0]!.reject(error);
        else await Promise.all(taken.map((each) => run([each.item]).then(([result]) => each.resolve(result!), each.reject)));
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
