/**
 * The `orderflow` command.
 *
 *   orderflow simulate <flow.json> --events <events.json> [--with <child-flow.json>]… [--json]
 *   orderflow validate <flow.json> [--json]
 */
import { readFileSync } from "node:fs";
import { validateFlow } from "../definition/validate";
import { FlowValidationError } from "../interpreter/index";
import { formatReport } from "../simulate/report";
import { runScenario, type Scenario } from "../simulate/scenario";

const USAGE = `Usage:
  orderflow simulate <flow.json> --events <events.json> [--with <child-flow.json>]... [--json]
      Plays the events on a simulated clock with fake connector results and prints
      the path taken, every effect, and why each decision went the way it did.
  orderflow validate <flow.json> [--json]
      Lists every problem of a flow with its JSON pointer.`;

export async function main(argv: string[], out: (text: string) => void = console.log): Promise<number> {
  const [command, file, ...rest] = argv;
  const json = rest.includes("--json");
  try {
    if (command === "simulate" && file) {
      const events = option(rest, "--events");
      if (!events) return usage(out, "simulate needs --events <events.json>");
      const flows = [readJson(file), ...options(rest, "--with").map(readJson)];
      const report = runScenario(flows, readJson(events) as Scenario);
      out(json ? JSON.stringify({ ...report, instances: undefined }, null, 2) : formatReport(report));
      return report.refused.length > 0 ? 1 : 0;
    }
    if (command === "validate" && file) {
      const { ok, problems } = validateFlow(readJson(file));
      const listed = problems.map((p) => `${p.severity} ${p.pointer || "/"}: ${p.message}`);
      const verdict = ok ? `${file}: valid${problems.length ? ` (${problems.length} warning${problems.length === 1 ? "" : "s"})` : ""}` : `${file}: not valid`;
      out(json ? JSON.stringify(problems, null, 2) : [...listed, verdict].join("\n"));
      return ok ? 0 : 1;
    }
    return usage(out, command ? `unknown command or missing file: ${argv.join(" ")}` : undefined);
  } catch (error) {
    out(error instanceof FlowValidationError || error instanceof Error ? error.message : String(error));
    return 1;
  }
}

function usage(out: (text: string) => void, problem?: string): number {
  out(problem ? `${problem}\n\n${USAGE}` : USAGE);
  return 2;
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function options(args: string[], name: string): string[] {
  return args.flatMap((arg, index) => (arg === name && args[index + 1] ? [args[index + 1]!] : []));
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Error(`Cannot read ${path}: check the path`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
