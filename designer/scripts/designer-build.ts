/**
 * Building the designer when it needs it: `npm start` and the browser test
 * build designer/dist only when it is missing or older than what it is built
 * from (the designer's sources, its package.json, and the engine's sources it
 * bundles). The build runs Vite from node_modules and downloads nothing.
 *
 * @example
 * const { built, reason } = await ensureDesignerBuilt();
 */
import { execFile } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const DESIGNER_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const REPOSITORY = dirname(DESIGNER_ROOT);

/** What the build is made from: files and folders, relative to the repository. */
export const BUILD_INPUTS = ["designer/src", "designer/index.html", "designer/vite.config.ts", "designer/package.json", "engine/src", "engine/package.json"];

export interface SourceFile {
  path: string;
  modifiedMs: number;
}

/** Why the build must be made again, or undefined when it is current. `builtMs`: when dist/index.html was written (undefined: there is none). */
export function staleReason(builtMs: number | undefined, sources: readonly SourceFile[]): string | undefined {
  if (builtMs === undefined) return "designer/dist/index.html is missing";
  const newer = sources.filter((source) => source.modifiedMs > builtMs);
  if (newer.length === 0) return undefined;
  const newest = newer.reduce((a, b) => (b.modifiedMs > a.modifiedMs ? b : a));
  return `${newest.path}${newer.length > 1 ? ` and ${newer.length - 1} more` : ""} changed since the last build`;
}

/** The files the build is made from, with when each was last changed. Test files do not count. */
export function buildSources(repository = REPOSITORY): SourceFile[] {
  const found: SourceFile[] = [];
  const visit = (path: string) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) if (name !== "node_modules") visit(join(path, name));
    } else if (!/\.test\.tsx?$/.test(path)) {
      found.push({ path: relative(repository, path), modifiedMs: stat.mtimeMs });
    }
  };
  for (const input of BUILD_INPUTS) visit(join(repository, input));
  return found;
}

/**
 * Builds designer/dist with Vite when it is missing or stale. The build runs
 * in a process of its own with NODE_ENV=production: in the caller's process
 * (a test runner sets NODE_ENV=test) Vite would bundle React's development
 * build and the app's development settings.
 */
export async function ensureDesignerBuilt(): Promise<{ built: boolean; reason?: string }> {
  const index = statSync(join(DESIGNER_ROOT, "dist", "index.html"), { throwIfNoEntry: false });
  const reason = staleReason(index?.mtimeMs, buildSources());
  if (reason === undefined) return { built: false };
  const vite = join(dirname(createRequire(import.meta.url).resolve("vite/package.json")), "bin", "vite.js");
  await promisify(execFile)(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: DESIGNER_ROOT, env: { ...process.env, NODE_ENV: "production" } });
  return { built: true, reason };
}
