/**
 * Keeps connectors/README.md (the integrator's guide) true to the code it
 * describes: every file it names exists; the folder it draws is the
 * example's; every command it gives names a script or file that exists;
 * every function it calls is exported by the SDK, its test kit, the
 * server or the example, or declared in a connector's code; and the blocks it
 * marks `<!-- guide-check: … -->` are excerpts of the files they name.
 * Walking section 11's commands against a running server is
 * guide-on-running-server.test.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const connectors = join(root, "connectors");
const guide = readFileSync(join(connectors, "README.md"), "utf8");
/** The guide's placeholder for a connector's folder, and the example it stands for here. */
const EXAMPLE = "webhook-shop";

interface Block {
  lang: string;
  text: string;
  /** The `<!-- guide-check: … -->` comment right before it, if any. */
  check?: string;
}

const blocks: Block[] = [...guide.matchAll(/(?:<!-- guide-check: (.+?) -->\n)?```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ check: m[1], lang: m[2]!, text: m[3]! }));
const prose = guide.replace(/```[\s\S]*?```/g, "");
const spans = [...prose.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** A path as the guide writes it: relative to connectors/, the repository's root, or the example's folder. */
function resolvePath(path: string): string | undefined {
  const concrete = path.replaceAll("<name>", EXAMPLE);
  return [join(connectors, concrete), join(root, concrete), join(connectors, EXAMPLE, concrete)].find((candidate) => existsSync(candidate));
}

/** `.orderflow/…` is where a running server keeps its data: made on first start, never in the repository. */
const looksLikePath = (span: string) => /^[\w.<>@-]+(\/[\w.<>-]*)+$/.test(span) && !span.startsWith("@") && !span.startsWith(".orderflow/");

describe("connectors/README.md, the integrator's guide", () => {
  it("names only files and folders that exist", () => {
    const missing = spans.filter(looksLikePath).filter((path) => resolvePath(path) === undefined);
    const fixtureLines = blocks.filter((b) => b.lang === "").flatMap((b) => b.text.split("\n")).filter((line) => line.startsWith("fixtures/"));
    for (const line of fixtureLines) {
      const path = line.split(/\s+/)[0]!;
      if (!existsSync(join(connectors, EXAMPLE, path))) missing.push(`${EXAMPLE}/${path}`);
    }
    expect(missing, "paths the guide names that do not exist: fix the guide or the code").toEqual([]);
  });

  it("draws the example's folder as it is", () => {
    const tree = blocks.find((b) => b.lang === "" && b.text.startsWith(`connectors/${EXAMPLE}/`));
    expect(tree, `section 1 draws connectors/${EXAMPLE}/`).toBeDefined();
    const drawn: string[] = [];
    const parents: { indent: number; path: string }[] = [];
    for (const line of tree!.text.split("\n").slice(1)) {
      if (line.trim() === "") continue;
      const indent = line.length - line.trimStart().length;
      const name = line.trim().split(/\s+/)[0]!;
      while (parents.length > 0 && parents.at(-1)!.indent >= indent) parents.pop();
      const path = [...parents.map((p) => p.path), name].join("");
      drawn.push(path.replace(/\/$/, ""));
      if (name.endsWith("/")) parents.push({ indent, path: name });
    }
    const missing = drawn.filter((path) => !existsSync(join(connectors, EXAMPLE, path)));
    expect(missing, "drawn in section 1, missing from the example").toEqual([]);
    const sources = readdirSync(join(connectors, EXAMPLE, "src")).map((file) => `src/${file}`);
    expect(sources.filter((file) => !drawn.includes(file)), "files of the example's src/ that section 1 leaves out").toEqual([]);
  });

  it("gives commands that name existing scripts and files", () => {
    const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const commands = [...spans, ...blocks.filter((b) => b.lang === "sh").flatMap((b) => b.text.split("\n"))].filter((text) => /^(npm|npx) /.test(text));
    expect(commands.length, "the guide gives its commands").toBeGreaterThan(3);
    const problems: string[] = [];
    for (const command of commands) {
      const [tool, verb, ...rest] = command.split(/\s+/);
      if (tool === "npm" && verb !== "install" && verb !== "start" && verb !== "test" && !(verb === "run" && rest[0]! in scripts)) problems.push(`${command}: no such npm script`);
      if (tool === "npm" && verb === "start" && !("start" in scripts)) problems.push(`${command}: no start script`);
      const file = tool === "npx" && verb === "vitest" ? rest[1] : tool === "npx" && verb === "tsx" ? rest[0] : tool === "npx" && verb === "tsc" ? rest[1] : undefined;
      if (tool === "npx" && file === undefined) problems.push(`${command}: not a command the guide is checked for (vitest run, tsx, tsc -p)`);
      if (file !== undefined && resolvePath(file) === undefined) problems.push(`${command}: ${file} does not exist (with <name> = ${EXAMPLE})`);
    }
    expect(problems).toEqual([]);
  });

  it("calls only functions that exist", async () => {
    const exported: Record<string, unknown>[] = await Promise.all([
      import("@orderflow/connector-sdk"),
      import("@orderflow/connector-sdk/testing"),
      import("@orderflow/runtime-server"),
      import("@orderflow/connector-webhook-shop"),
      import("@orderflow/connector-webhook-shop/simulator"),
      import("vitest"),
    ]);
    const declaredIn = filesUnder(connectors)
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    const code = [...spans, ...blocks.filter((b) => b.lang === "ts").map((b) => b.text)].join("\n");
    const local = new Set([...code.matchAll(/\bconst (\w+) =/g)].map((m) => m[1]!));
    const problems = new Set<string>();
    for (const [, owner, member] of code.matchAll(/(?<![.\w])([A-Z]\w*)\.(\w+)\(/g)) {
      const holder = exported.find((m) => owner! in m)?.[owner!] as Record<string, unknown> | undefined;
      if (holder !== undefined && !(member! in holder)) problems.add(`${owner}.${member}`);
    }
    for (const [, name] of code.matchAll(/(?<![.\w$])([A-Za-z_$][\w$]*)\(/g)) {
      if (local.has(name!) || name! in globalThis || ["if", "for", "while", "switch", "catch", "function", "return", "async"].includes(name!)) continue;
      if (exported.some((m) => name! in m)) continue;
      if (new RegExp(`(^|[\\s{,(])${name}\\??\\s*[(:]`, "m").test(declaredIn)) continue;
      problems.add(name!);
    }
    expect([...problems], "called in the guide, but neither exported nor declared anywhere").toEqual([]);
  });

  it("quotes the files its marked blocks come from", () => {
    const checked = blocks.filter((b) => b.check !== undefined);
    expect(checked.length, "section 8's contract test, section 1's package.json, and section 11's catalogue lines and server dependency are marked").toBeGreaterThanOrEqual(4);
    const problems: string[] = [];
    for (const block of checked) {
      const [, mode, path] = /^(lines|fields) of (\S+)$/.exec(block.check!) ?? [];
      const file = path === undefined ? undefined : resolvePath(path);
      if (!file) {
        problems.push(`guide-check "${block.check}": say "lines of <file>" or "fields of <file.json>", naming a file that exists`);
        continue;
      }
      const text = readFileSync(file, "utf8");
      if (mode === "fields") {
        try {
          expect(JSON.parse(text)).toMatchObject(JSON.parse(block.text) as object);
        } catch (error) {
          problems.push(`${path}: the guide's JSON is not a part of it: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
        }
        continue;
      }
      const lines = text.split("\n").map((line) => line.trim());
      let at = 0;
      for (const quoted of block.text.split("\n").map((line) => line.trim())) {
        if (quoted === "" || quoted === "…") continue;
        const found = lines.indexOf(quoted, at);
        if (found < 0) problems.push(`${path} has no line ${JSON.stringify(quoted)} (after line ${at})`);
        else at = found + 1;
      }
    }
    expect(problems).toEqual([]);
  });
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    if (entry === "node_modules") return [];
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith(".ts") ? [path] : [];
  });
}
