/**
 * Section 11 of connectors/README.md, walked command by command as the guide
 * gives them: the server started with `npm start` (its environment as the
 * guide sets it, on a free port and a temporary data folder), the shop's
 * simulator started as its own process, every `curl` sent as written (the
 * first admin, the login, the catalogue, the installation with its secret,
 * the connection test, the flow read from the guide and published), then
 * Enter pressed in the simulator: its signed webhook brings an order in and
 * the flow pushes the shipment back to the shop. The server is then
 * restarted, as the guide says, and a second order goes through the
 * installation it started from the database. Nothing of the walk is written
 * here: change the guide and this test follows it, or fails.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const guide = await readFile(join(root, "connectors/README.md"), "utf8");
const section = guide.slice(guide.indexOf("## 11."));
const ENTER = "Press Enter in the simulator's terminal";
const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]!, at: m.index }));
const flowText = blocks.find((b) => b.lang === "json" && b.text.includes('"schemaVersion"'))?.text;
/** The commands of the section's shell blocks, continuation lines joined, each marked before or after the Enter the guide asks for. */
const commands = blocks
  .filter((b) => b.lang === "sh")
  .flatMap((b) => b.text.replace(/\\\n\s*/g, "").split("\n").filter((line) => line.trim() !== "").map((line) => ({ line, afterEnter: b.at > section.indexOf(ENTER) })));

const PASSWORD = "guide-walkthrough";
/** Where the guide's commands say the server and the simulator listen; the walk uses free ports instead. */
const GUIDE_SERVER = "http://127.0.0.1:3000";

/** A command line split as a POSIX shell would for what the guide uses: words, 'single' and "double" quotes. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** A process the walk started (in a process group of its own), with everything it printed. */
interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

/** What the server reads from its environment; the walk starts it with only what the guide sets (and its own port and folder). */
const SERVER_SETTINGS = ["DATABASE_URL", "ORDERFLOW_DATA_DIR", "ORDERFLOW_SECRET_KEY", "ORDERFLOW_DEMO", "ORDERFLOW_SECURE_COOKIES", "PORT", "HOST", "LOG_LEVEL"];

function start(command: string, args: string[], env: Record<string, string>): Started {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SERVER_SETTINGS.includes(name)));
  const child = spawn(command, args, { cwd: root, env: { ...inherited, ...env }, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, output: () => output, exited };
}

async function stop(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null || started.child.signalCode !== null) return;
  process.kill(-started.child.pid!, "SIGINT");
  const killing = setTimeout(() => process.kill(-started.child.pid!, "SIGKILL"), 20_000);
  await started.exited;
  clearTimeout(killing);
}

async function waitFor<T>(what: string, started: Started, found: () => T | undefined, ms = 60_000): Promise<T> {
  for (let waited = 0; waited < ms; waited += 100) {
    const value = found();
    if (value !== undefined) return value;
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen; the process printed:\n${started.output().slice(-3000)}`);
}

it("the guide's section 11: the connector installed through the API of a running server takes an order by signed webhook and pushes its shipment", { timeout: 240_000 }, async () => {
  expect(flowText, "section 11 of connectors/README.md shows the flow as a ```json block").toBeDefined();
  expect(section.indexOf(ENTER), `section 11 tells the reader: "${ENTER}"`).toBeGreaterThan(0);
  const dataDir = await mkdtemp(join(tmpdir(), "orderflow-guide-"));
  let server: Started | undefined;
  let simulator: Started | undefined;
  let serverUrl = "";
  let shop: { guideUrl: string; url: string } | undefined;
  const cookies = new Map<string, string>();
  const answers: { method: string; path: string; status: number; text: string }[] = [];

  // Only whole origins: a server whose free port begins with the simulator's guide port (41003 and 4100) is not the simulator.
  const origin = (url: string) => new RegExp(`${url.replace(/[.:/]/g, "\\$&")}(?!\\d)`, "g");
  const local = (text: string) => {
    let out = text.replace(origin(GUIDE_SERVER), serverUrl);
    if (shop) out = out.replace(origin(shop.guideUrl), shop.url);
    return out;
  };

  const startServer = async (words: string[]) => {
    const env = Object.fromEntries(words.filter((word) => /^[A-Z_]+=/.test(word)).map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]));
    expect(env["ORDERFLOW_DATA_DIR"], "the guide starts the server with a data folder of its own").toBeDefined();
    // A free port at first; a restart keeps it, as the simulator delivers there.
    server = start("npm", ["start"], { ...env, ORDERFLOW_DATA_DIR: dataDir, PORT: serverUrl === "" ? "0" : new URL(serverUrl).port });
    const started = server;
    serverUrl = await waitFor("the server's start", started, () => /"message":"orderflow runtime server started","url":"([^"]+)"/.exec(started.output())?.[1]);
  };

  const startSimulator = async (words: string[]) => {
    const [tool, ...args] = words;
    const port = args.indexOf("--port");
    expect(port, "the guide gives the simulator a port, so the installation can name its URLs").toBeGreaterThan(0);
    const guideUrl = `http://127.0.0.1:${args[port + 1]}`;
    args[port + 1] = "0";
    simulator = start(tool!, args.map(local), {});
    const started = simulator;
    const url = await waitFor("the simulator's start", started, () => /listens at (\S+) /.exec(started.output())?.[1]);
    shop = { guideUrl, url };
  };

  const curl = async (words: string[]) => {
    let method = "GET";
    let url = "";
    let body: string | undefined;
    let saveCookiesTo: string | undefined;
    const headers: Record<string, string> = {};
    for (let i = 1; i < words.length; i++) {
      const word = words[i]!;
      if (word === "-X") method = words[++i]!;
      else if (word === "-H") {
        const [name, ...value] = words[++i]!.split(":");
        headers[name!.trim()] = value.join(":").trim();
      } else if (word === "-d") body = words[++i]!;
      else if (word === "-b") headers["cookie"] = cookies.get(words[++i]!) ?? "";
      else if (word === "-c") saveCookiesTo = words[++i]!;
      else if (word.startsWith("http")) url = word;
      else throw new Error(`the guide's curl uses ${word}, which this walk does not read: teach it here`);
    }
    if (body === "@flow.json") body = flowText;
    else if (body?.startsWith("@")) throw new Error(`the guide's curl sends ${body}: only @flow.json is a file the guide shows`);
    else if (body !== undefined) body = local(body);
    if (body?.includes("<the printed code>")) {
      const started = server!;
      const code = await waitFor("the setup code's announcement", started, () => /"setupCode":"([^"<]+)"/.exec(started.output())?.[1]);
      body = body.replaceAll("<the printed code>", code);
    }
    body = body?.replaceAll("<your password>", PASSWORD);
    expect(body ?? "", "every placeholder in the guide's commands is one the walk fills in").not.toMatch(/<[a-z ]+>/);
    const response = await fetch(local(url), { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    if (saveCookiesTo) cookies.set(saveCookiesTo, response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; "));
    const path = new URL(local(url)).pathname;
    expect(response.status, `${method} ${path} as the guide sends it answered ${text}`).toBeLessThan(300);
    answers.push({ method, path, status: response.status, text });
  };

  const run = async (line: string) => {
    const words = shellWords(line);
    const program = words.find((word) => !/^[A-Z_]+=/.test(word));
    if (program === "npm" && words.at(-1) === "start") return startServer(words);
    if (program === "npx" && words[1] === "tsx" && words[2]!.endsWith("/run-simulator.ts")) return startSimulator(words);
    if (program === "curl") return curl(words);
    throw new Error(`section 11 gives a command this walk does not know how to run: ${line}`);
  };

  const pressEnter = async (shipments: number) => {
    const started = simulator!;
    started.child.stdin!.write("\n");
    await waitFor(`shipment ${shipments}`, started, () => (started.output().match(/the shop recorded shipment/g)?.length === shipments ? true : undefined));
  };

  try {
    for (const { line } of commands.filter((c) => !c.afterEnter)) await run(line);
    expect(server!.output(), "a server without connectors says where to install them").toContain("only the built-in inventory is installed");

    const answer = (method: string, path: string) => {
      const found = answers.find((a) => a.method === method && a.path === path);
      expect(found, `the guide sends ${method} ${path}`).toBeDefined();
      return { ...found!, json: JSON.parse(found!.text) as Record<string, any> };
    };
    const catalogue = answer("GET", "/connectors").json.connectors as { id: string; secretFields: string[] }[];
    expect(catalogue.find((c) => c.id === "webhook_shop")?.secretFields).toEqual(["secret"]);
    const installed = answer("POST", "/connector-installations");
    const id = installed.json.id as string;
    const sentSecret = /"secret":"([^"]+)"/.exec(commands.find((c) => c.line.includes("/connector-installations "))?.line ?? "")?.[1];
    expect(sentSecret, "the guide's installation sends the shared secret").toBeDefined();
    expect(installed.status).toBe(201);
    expect(installed.json).toMatchObject({ connector: "webhook_shop", secretsSet: ["secret"], state: "running", webhookSources: [id] });
    expect(installed.json.settings).not.toHaveProperty("secret");
    const read = await fetch(`${serverUrl}/connector-installations/${id}`, { headers: { cookie: cookies.get("cookies.txt")! } });
    for (const text of [installed.text, await read.text()]) expect(text, "the secret never comes back").not.toContain(sentSecret);
    expect(answer("POST", `/connector-installations/${id}/test`).json).toMatchObject({ ok: true, checked: "poll" });
    expect(simulator!.output(), "the simulator delivers to the installation's webhook").toContain(`/webhooks/${id}`);

    await pressEnter(1);
    expect(simulator!.output()).toContain("delivered twice: answered 200, 200");
    expect(simulator!.output()).toMatch(/the shop recorded shipment shp_1 for order WS-1001: SF SF1400012345678/);
    for (const { line } of commands.filter((c) => c.afterEnter)) await run(line);
    const orders = answer("GET", "/orders").json.orders as unknown[];
    expect(orders).toEqual([expect.objectContaining({ channel: "webhook_shop", shop: "hz-site", platformOrderNo: "WS-1001" })]);

    // "Stop the server and start it again": the installation starts from the database, its secret opened with the same key.
    await stop(server);
    await startServer(shellWords(commands.find((c) => shellWords(c.line).at(-1) === "start")!.line));
    expect(server!.output()).toContain(`"message":"connector installation started","installation":"${id}"`);
    await pressEnter(2);
    expect(simulator!.output()).toMatch(/the shop recorded shipment shp_2 for order WS-1002/);
  } finally {
    await stop(simulator);
    await stop(server);
    await rm(dataDir, { recursive: true, force: true });
  }
});
