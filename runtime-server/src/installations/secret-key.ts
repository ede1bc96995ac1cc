/**
 * The key that seals connector secrets at rest. From the configuration
 * (ORDERFLOW_SECRET_KEY, read by main.ts) when given; otherwise, for the
 * embedded database, a key file made on first start inside its data
 * directory (`orderflow-secret.key`, readable by the owner only). PostgreSQL
 * without a configured key has none: installations with secrets cannot be
 * saved or started until one is set. Losing the key loses the secrets (they
 * must be entered again); it is never stored in the database.
 *
 * @example
 * const key = await loadSecretKey({ configured: process.env.ORDERFLOW_SECRET_KEY, dataDir: ".orderflow/data" });
 * key.box?.seal("s3cret", "taobao-main:appSecret");
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createSecretBox, type SecretBox } from "@orderflow/connector-sdk";

export const SECRET_KEY_FILE = "orderflow-secret.key";

export interface SecretKey {
  /** Undefined when no key is configured and there is no data directory to keep one in. */
  box: SecretBox | undefined;
  /** Where the key comes from, for the log: "ORDERFLOW_SECRET_KEY", a file path, or why there is none. */
  where: string;
  /** The key file was made just now. */
  created: boolean;
}

export async function loadSecretKey(options: { configured?: string; dataDir?: string; inMemory?: boolean }): Promise<SecretKey> {
  if (options.configured !== undefined && options.configured !== "") {
    try {
      return { box: createSecretBox(options.configured.trim()), where: "ORDERFLOW_SECRET_KEY", created: false };
    } catch (error) {
      throw new Error(`ORDERFLOW_SECRET_KEY is not usable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (options.dataDir) {
    const path = join(options.dataDir, SECRET_KEY_FILE);
    const existing = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (existing !== undefined) {
      try {
        return { box: createSecretBox(existing.trim()), where: path, created: false };
      } catch (error) {
        throw new Error(`The secret key file ${path} is damaged (${error instanceof Error ? error.message : String(error)}): restore it from a backup`);
      }
    }
    const key = randomBytes(32).toString("base64");
    await writeFile(path, `${key}\n`, { mode: 0o600, flag: "wx" });
    return { box: createSecretBox(key), where: path, created: true };
  }
  if (options.inMemory) {
    return { box: createSecretBox(randomBytes(32)), where: "a key in memory (the embedded database is in memory too: both end with the process)", created: true };
  }
  return { box: undefined, where: "none: ORDERFLOW_SECRET_KEY is not set", created: false };
}
