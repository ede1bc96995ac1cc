/**
 * Password hashes: scrypt (Node's built-in) with a random salt per user. The
 * cost parameters are stored in the hash, so raising them later leaves old
 * hashes readable. Comparison is constant-time, and checking a login that
 * does not exist costs as much as one that does, so timing tells an
 * attacker nothing about which logins exist.
 *
 * Stored form: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 *
 * @example
 * const stored = await hashPassword("correct horse battery staple");
 * await verifyPassword("correct horse battery staple", stored); // true
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** 2^15 × 8 × 128 bytes = 32 MiB and ≈ 0.15 s per hash on these machines. */
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 64;
const SALT_BYTES = 16;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), hash.toString("base64")].join("$");
}

/** Whether `password` matches `stored`. A missing or malformed hash never matches, after the same work as a real check. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = stored ? parse(stored) : undefined;
  if (!parsed) {
    await derive(password, DUMMY_SALT, COST);
    return false;
  }
  const hash = await derive(password, parsed.salt, parsed.cost);
  return hash.length === parsed.hash.length && timingSafeEqual(hash, parsed.hash);
}

const DUMMY_SALT = randomBytes(SALT_BYTES);

function parse(stored: string): { cost: typeof COST; salt: Buffer; hash: Buffer } | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return undefined;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(cost).every((value) => Number.isSafeInteger(value) && value > 0)) return undefined;
  return { cost, salt: Buffer.from(salt, "base64"), hash: Buffer.from(hash, "base64") };
}

function derive(password: string, salt: Buffer, cost: typeof COST): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
