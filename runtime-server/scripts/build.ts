/**
 * The server as one JavaScript file that plain Node runs, with no
 * TypeScript loader in the process: `npm start` runs
 * runtime-server/dist/main.mjs, and the bench and the durability tests a
 * bundle of their server process (test/server-process). Under tsx the
 * loader's thread and its transformed sources held some 100 MB more
 * (bench:server, server RSS peak about 300 MB under tsx, 195 MB bundled).
 *
 * Modules keep finding the files that lie beside them: each one's
 * `import.meta.url` stays the URL of its own source file (a bundle would
 * otherwise give every module its own URL), so the designer's pages, the
 * demo's templates and the simulators' certificates are read where they
 * are in the repository. PGlite stays a package of its own for the same
 * reason (it loads its WebAssembly from beside its code).
 *
 *   tsx runtime-server/scripts/build.ts   # writes runtime-server/dist/main.mjs
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

/** Each module's import.meta.url as in the repository. */
const ownUrls: Plugin = {
  name: "own-import-meta-url",
  setup(plugin) {
    plugin.onLoad({ filter: /\.[cm]?[jt]s$/, namespace: "file" }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      return { contents: source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(path).href)), loader: path.endsWith("ts") ? "ts" : "js" };
    });
  },
};

/** Bundles `entry` (a .ts file) into `outfile` (.mjs), beside node_modules' PGlite. */
export async function bundleServer(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["@electric-sql/pglite", "pg-native"],
    // Packages written as CommonJS require Node's own modules; an ES module has no `require` of its own.
    banner: { js: 'import { createRequire as orderflowRequire } from "node:module"; const require = orderflowRequire(import.meta.url);' },
    plugins: [ownUrls],
    logLevel: "warning",
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await bundleServer(fileURLToPath(new URL("../src/main.ts", import.meta.url)), fileURLToPath(new URL("../dist/main.mjs", import.meta.url)));
  process.stdout.write(`server built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
