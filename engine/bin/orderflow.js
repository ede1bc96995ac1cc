#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so the command works straight after `npm install`.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/orderflow.ts");
process.exitCode = await main(process.argv.slice(2));
