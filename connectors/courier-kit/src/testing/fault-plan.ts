/**
 * Faults for courier simulators: what the next requests meet, queued one by
 * one or drawn at random from a seed (the same seed, the same faults, so a
 * failing run can be replayed). A simulator answers through them with the
 * SDK's `answerWithFault`, and handles its platform's own faults (SF's flow
 * control, ZTO's limits) itself.
 *
 * @example
 * const faults = createFaultPlan<FarSideFault>();
 * faults.queue({ kind: "lost_answer" });
 * answerWithFault(faults.next(), response, () => ({ status: 200, body: createOrder(request) }));
 */

export interface FaultPlan<F> {
  /** Faults for the next requests, one each, in order. */
  queue(...faults: F[]): void;
  /** After the queue, each request meets one of `kinds` with probability `rate`. */
  random(options: { rate: number; seed: number; kinds: readonly F[] }): void;
  /** The fault the current request meets, if any. */
  next(): F | undefined;
}

export function createFaultPlan<F>(): FaultPlan<F> {
  const queued: F[] = [];
  let drawn: { rate: number; kinds: readonly F[]; draw: () => number } | null = null;
  return {
    queue: (...faults) => void queued.push(...faults),
    random({ rate, seed, kinds }) {
      let state = seed >>> 0 || 1;
      // xorshift32
      const draw = () => {
        state ^= state << 13;
        state >>>= 0;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        return state / 2 ** 32;
      };
      drawn = { rate, kinds, draw };
    },
    next() {
      if (queued.length > 0) return queued.shift();
      if (!drawn || drawn.kinds.length === 0 || drawn.draw() >= drawn.rate) return undefined;
      return drawn.kinds[Math.floor(drawn.draw() * drawn.kinds.length)];
    },
  };
}
