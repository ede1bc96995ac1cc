/**
 * Group commit: requests that arrive while a transaction is being written
 * wait for the next one and share it. An idle server writes each request
 * at once; a busy one writes many per commit, so the rate is no longer
 * bounded by the cost of one commit. If a shared transaction fails, each of
 * its requests is tried alone, so one bad request fails no other.
 *
 * `lanes` transactions may be open at once, each with its own group. On
 * PostgreSQL one lane would leave both sides idle half the time: the server
 * waits while the database executes a group's statements, and the database
 * waits while the server runs the next group's flows. With two or three
 * lanes one group's statements run while another's flows do. The embedded
 * database runs one transaction at a time on the server's own thread, so
 * there a second lane would only queue.
 *
 * @example
 * const store = createGroupCommit((orders: Order[]) => db.transaction().execute((tx) => storeAll(tx, orders)), { lanes: 2 });
 * const receipt = await store(order); // resolves once its transaction committed
 */
export interface GroupCommitOptions {
  /** The most requests in one transaction (default 256). */
  maxBatch?: number;
  /** How many transactions may be open at once (default 1). */
  lanes?: number;
}

export function createGroupCommit<T, R>(work: (items: T[]) => Promise<R[]>, options: GroupCommitOptions = {}): (item: T) => Promise<R> {
  const maxBatch = options.maxBatch ?? 256;
  const lanes = options.lanes ?? 1;
  interface Waiting {
    item: T;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }
  const queue: Waiting[] = [];
  let open = 0;

  const alone = async (each: Waiting) => {
    try {
      const [result] = await work([each.item]);
      each.resolve(result!);
    } catch (error) {
      each.reject(error);
    }
  };

  const lane = async () => {
    open++;
    while (queue.length > 0) {
      // Requests already received but not yet read (an embedded database
      // holds the thread while it writes) join this group.
      await new Promise((resolve) => setImmediate(resolve));
      const group = queue.splice(0, maxBatch);
      if (group.length === 0) break; // another lane took them
      try {
        const results = await work(group.map((each) => each.item));
        group.forEach((each, index) => each.resolve(results[index]!));
      } catch (error) {
        if (group.length === 1) group[0]!.reject(error);
        else await Promise.all(group.map(alone));
      }
    }
    open--;
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (open < lanes) void lane();
    });
}
