import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

/** Package imports reachable from `entries` through relative imports, each with the file that makes it. */
function packageImports(entries: string[]): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const stack = [...entries];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      if (specifier!.startsWith(".")) stack.push(resolveSource(resolve(dirname(file), specifier!)));
      else if (!found.has(specifier!)) found.set(specifier!, file);
    }
  }
  return found;
}

function resolveSource(path: string): string {
  for (const candidate of [path, `${path}.ts`, join(path, "index.ts")]) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${path}`);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

const isXState = (specifier: string) => specifier === "xstate" || specifier.startsWith("xstate/") || specifier.startsWith("@xstate/");

describe("@orderflow/engine/definition", () => {
  it("never imports XState, directly or through another engine file", () => {
    const offenders = [...packageImports(sources(dirname(fileURLToPath(import.meta.url))))].filter(([specifier]) => isXState(specifier));
    expect(offenders, offenders.map(([specifier, file]) => `${file} imports ${specifier}`).join("\n")).toEqual([]);
  });

  it("would notice an XState import two files away", () => {
    const dir = mkdtempSync(join(tmpdir(), "orderflow-imports-"));
    mkdirSync(join(dir, "other"));
    writeFileSync(join(dir, "entry.ts"), 'import { helper } from "./other/helper";\nexport const x = helper;\n');
    writeFileSync(join(dir, "other", "helper.ts"), 'import type { AnyActor } from "xstate";\nexport const helper = 1;\n');
    try {
      expect([...packageImports([join(dir, "entry.ts")]).keys()]).toContain("xstate");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
