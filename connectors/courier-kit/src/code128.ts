/**
 * Code 128 barcodes, the symbology Chinese couriers print on waybills.
 * A tracking number of an even count of digits is encoded in code set C
 * (two digits a symbol, half the width); anything else in code set B
 * (printable ASCII). The result is the bar/space widths, in modules,
 * which the label draws as rectangles.
 */

/** Bar and space widths of each symbol value 0–106 (106 is the stop, with its final bar). */
export const CODE128_PATTERNS: readonly string[] = [
  "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
  "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
  "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
  "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
  "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
  "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
  "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
  "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
  "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
  "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
  "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
];

export const START_B = 104;
export const START_C = 105;
export const STOP = 106;

/** The symbol values of `text`: start, data, check symbol, stop. */
export function code128Symbols(text: string): number[] {
  if (text.length === 0) throw new RangeError("a Code 128 barcode needs at least one character");
  const data: number[] = [];
  let start: number;
  if (/^(\d\d)+$/.test(text)) {
    start = START_C;
    for (let i = 0; i < text.length; i += 2) data.push(Number(text.slice(i, i + 2)));
  } else {
    start = START_B;
    for (const char of text) {
      const code = char.codePointAt(0)!;
      if (code < 32 || code > 126) throw new RangeError(`"${text}" cannot be a Code 128 barcode: "${char}" is not printable ASCII`);
      data.push(code - 32);
    }
  }
  const check = data.reduce((sum, value, i) => sum + value * (i + 1), start) % 103;
  return [start, ...data, check, STOP];
}

/** Widths in modules, alternating bar and space, starting with a bar. */
export function code128Widths(text: string): number[] {
  return code128Symbols(text).flatMap((value) => [...CODE128_PATTERNS[value]!].map(Number));
}
