import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSecretKey, SECRET_KEY_FILE } from "./secret-key";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "orderflow-key-"));
  dirs.push(dir);
  return dir;
};

describe("the secret key", () => {
  it("is made once in the data directory and read back on the next start, opening what it sealed", async () => {
    const dataDir = await tempDir();
    const first = await loadSecretKey({ dataDir });
    expect(first).toMatchObject({ where: join(dataDir, SECRET_KEY_FILE), created: true });
    const sealed = first.box!.seal("app-secret", "taobao-main:appSecret");
    const second = await loadSecretKey({ dataDir });
    expect(second.created).toBe(false);
    expect(second.box!.open(sealed, "taobao-main:appSecret")).toBe("app-secret");
  });

  it("comes from ORDERFLOW_SECRET_KEY when set, which must be 32 bytes", async () => {
    const configured = Buffer.alloc(32, 7).toString("base64");
    expect(await loadSecretKey({ configured, dataDir: await tempDir() })).toMatchObject({ where: "ORDERFLOW_SECRET_KEY", created: false });
    await expect(loadSecretKey({ configured: "c2hvcnQ=" })).rejects.toThrow(/ORDERFLOW_SECRET_KEY is not usable: .*32 bytes.*openssl rand -base64 32/);
  });

  it("is missing on PostgreSQL without ORDERFLOW_SECRET_KEY, and a damaged key file is reported, not replaced", async () => {
    expect(await loadSecretKey({})).toMatchObject({ box: undefined, where: expect.stringContaining("ORDERFLOW_SECRET_KEY is not set") });
    const dataDir = await tempDir();
    await writeFile(join(dataDir, SECRET_KEY_FILE), "truncated\n");
    await expect(loadSecretKey({ dataDir })).rejects.toThrow(/is damaged.*restore it from a backup/);
  });
});
