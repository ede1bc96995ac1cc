/**
 * Money in the canonical order is a decimal string in the currency's major
 * unit ("256.00" yuan), never a binary float: exact, the form the platforms
 * themselves send (Taobao's `payment`, Shopify's `total_price`), stored as is
 * in the server's `numeric` column, and readable in a rule (`{">": [{"var":
 * "total"}, 500]}` compares numerically). Arithmetic goes through integer
 * minor units with these helpers.
 */

/** Up to 15 integer digits and up to 4 decimals; no sign, no exponent, no thousands separators. */
export const MONEY_PATTERN = "^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,4})?$";
const money = new RegExp(MONEY_PATTERN);

/**
 * A platform's amount as canonical money with `scale` decimals (2 by default).
 * Accepts numbers and numeric strings; refuses negatives, NaN and text.
 *
 * @example toMoney(128) // "128.00"; toMoney("9.9") // "9.90"
 */
export function toMoney(value: number | string, scale = 2): string {
  const text = typeof value === "number" ? (Number.isFinite(value) ? value.toFixed(scale) : "") : value.trim();
  if (!money.test(text)) throw new RangeError(`"${value}" is not an amount of money: give a non-negative decimal such as 128 or "128.00"`);
  const [whole = "0", fraction = ""] = text.split(".");
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) throw new RangeError(`"${value}" has more than ${scale} decimals`);
  return scale === 0 ? whole : `${whole}.${fraction.slice(0, scale).padEnd(scale, "0")}`;
}

/** Money as integer minor units (fen, cents). */
export function toMinorUnits(amount: string, scale = 2): bigint {
  const [whole = "0", fraction = ""] = toMoney(amount, scale).split(".");
  return BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction || "0");
}

export function fromMinorUnits(units: bigint, scale = 2): string {
  if (units < 0n) throw new RangeError(`A negative amount (${units} minor units) is not money in the canonical order`);
  const text = units.toString().padStart(scale + 1, "0");
  return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
}

/** Exact sum of amounts. */
export function sumMoney(amounts: readonly string[], scale = 2): string {
  return fromMinorUnits(amounts.reduce((sum, amount) => sum + toMinorUnits(amount, scale), 0n), scale);
}

/** `unitPrice × quantity`, exact. */
export function multiplyMoney(amount: string, quantity: number, scale = 2): string {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`quantity ${quantity} must be a whole number of 0 or more`);
  return fromMinorUnits(toMinorUnits(amount, scale) * BigInt(quantity), scale);
}
