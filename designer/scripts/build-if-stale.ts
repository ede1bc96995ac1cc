/**
 * `npm start`'s first step: build the designer when designer/dist is missing
 * or older than its sources. A failed build does not stop the server from
 * starting: its / then says the designer is not built.
 */
import { ensureDesignerBuilt } from "./designer-build";

const started = Date.now();
try {
  const { built, reason } = await ensureDesignerBuilt();
  if (built) process.stdout.write(`designer built in ${((Date.now() - started) / 1000).toFixed(1)} s (${reason})\n`);
} catch (error) {
  process.stderr.write(`the designer could not be built, the server starts without it: ${error instanceof Error ? error.message : String(error)}\n`);
}
