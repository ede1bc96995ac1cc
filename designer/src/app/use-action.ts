/**
 * A button's call to the API (claim, release, acknowledge): `run` clears the
 * last failure, makes the call, and reloads the page's data whether it
 * succeeded or not, since either way what the page shows may have changed;
 * `failure` is what went wrong with the last call, if anything.
 */
import { useState } from "react";

export function useAction(reload: () => void): { failure: unknown; setFailure: (failure: unknown) => void; run: (call: Promise<unknown>) => void } {
  const [failure, setFailure] = useState<unknown>();
  const run = (call: Promise<unknown>) => {
    setFailure(undefined);
    call.then(reload, (error: unknown) => {
      setFailure(error);
      reload();
    });
  };
  return { failure, setFailure, run };
}
