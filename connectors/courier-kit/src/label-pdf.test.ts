import { describe, expect, it } from "vitest";
import { CODE128_PATTERNS, code128Symbols, code128Widths } from "./code128";
import { createMockContext } from "@orderflow/connector-sdk/testing";
import { defineLabelAction } from "./label-action";
import { BARCODE_BEGIN, BARCODE_END, createLabelPdf, type LabelContent } from "./label-pdf";

const label: LabelContent = {
  courier: "顺丰速运 SF Express",
  trackingNo: "SF1400012345678",
  service: "顺丰标快",
  recipient: { name: "李四", phone: "13900001111", address: "浙江省 杭州市 西湖区 文三路 90 号 东部软件园 3 号楼 5 层前台代收" },
  sender: { name: "杭州仓", phone: "0571-88880000", address: "浙江省 杭州市 余杭区 仓前街道 1 号" },
  orderNo: "WS-1001",
  weightKg: 1.5,
};

/** Reads the barcode back from the PDF's rectangles, as a scanner reads bars: widths → symbols → text. */
function scanBarcode(pdf: string): string {
  const section = pdf.slice(pdf.indexOf(BARCODE_BEGIN), pdf.indexOf(BARCODE_END));
  const bars = [...section.matchAll(/^([\d.]+) [\d.]+ ([\d.]+) [\d.]+ re$/gm)].map((m) => ({ x: Number(m[1]), w: Number(m[2]) }));
  const module = Math.min(...bars.map((b) => b.w));
  const widths: number[] = [];
  bars.forEach((bar, i) => {
    if (i > 0) widths.push(Math.round((bar.x - bars[i - 1]!.x - bars[i - 1]!.w) / module));
    widths.push(Math.round(bar.w / module));
  });
  const values: number[] = [];
  for (let i = 0; i < widths.length; i += 6) {
    const pattern = widths.slice(i, i === widths.length - 7 ? i + 7 : i + 6).join("");
    const value = CODE128_PATTERNS.indexOf(pattern);
    if (value === -1) throw new Error(`no Code 128 symbol has the widths ${pattern}`);
    values.push(value);
    if (value === 106) break;
  }
  const [start, ...rest] = values;
  const stop = rest.pop();
  const check = rest.pop()!;
  expect(stop).toBe(106);
  expect(rest.reduce((sum, v, i) => sum + v * (i + 1), start!) % 103, "check symbol").toBe(check);
  if (start === 105) return rest.map((v) => String(v).padStart(2, "0")).join("");
  expect(start).toBe(104);
  return rest.map((v) => String.fromCharCode(v + 32)).join("");
}

describe("Code 128", () => {
  it("has 107 distinct symbols of 11 modules (13 for the stop), each with an even count of bar modules", () => {
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
    for (const [value, pattern] of CODE128_PATTERNS.entries()) {
      const w = [...pattern].map(Number);
      expect(w.reduce((a, b) => a + b), `symbol ${value}`).toBe(value === 106 ? 13 : 11);
      expect((w[0]! + w[2]! + w[4]!) % 2, `symbol ${value}`).toBe(0);
    }
  });

  it("encodes digits in pairs (code set C) and letters in code set B, with the check symbol", () => {
    expect(code128Symbols("78812345")).toEqual([105, 78, 81, 23, 45, (105 + 78 + 81 * 2 + 23 * 3 + 45 * 4) % 103, 106]);
    expect(code128Symbols("SF1")).toEqual([104, 51, 38, 17, (104 + 51 + 38 * 2 + 17 * 3) % 103, 106]);
    expect(code128Widths("123")).toHaveLength((1 + 3 + 1) * 6 + 7);
  });

  it("refuses characters a scanner could not read back", () => {
    expect(() => code128Symbols("顺丰1")).toThrow(/"顺" is not printable ASCII/);
    expect(() => code128Symbols("")).toThrow(/at least one character/);
  });
});

describe("the label PDF", () => {
  it("is a PDF whose cross-reference table points at each object", () => {
    const pdf = createLabelPdf(label).toString("latin1");
    expect(pdf.startsWith("%PDF-1.4\n")).toBe(true);
    expect(pdf.trimEnd().endsWith("%%EOF")).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(pdf)![1]);
    expect(pdf.slice(startxref, startxref + 4)).toBe("xref");
    const entries = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(7);
    entries.forEach((offset, i) => expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const stream = /\/Length (\d+) >>\nstream\n/.exec(pdf)!;
    const begin = stream.index + stream[0].length;
    expect(pdf.slice(begin + Number(stream[1]), begin + Number(stream[1]) + "\nendstream".length)).toBe("\nendstream");
  });

  it("carries a barcode that scans back to the tracking number, in code set B and in code set C", () => {
    expect(scanBarcode(createLabelPdf(label).toString("latin1"))).toBe("SF1400012345678");
    expect(scanBarcode(createLabelPdf({ ...label, trackingNo: "78812345678901" }).toString("latin1"))).toBe("78812345678901");
  });

  it("prints the recipient's Chinese name and address in the Chinese font", () => {
    const pdf = createLabelPdf(label).toString("latin1");
    expect(pdf).toContain("/BaseFont /STSong-Light /Encoding /UniGB-UCS2-H");
    const hex = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(4, "0")).join("").toUpperCase();
    expect(pdf).toContain(hex("李四"));
    expect(pdf).toContain(hex("文三路"));
    expect(pdf).toContain(hex("SF1400012345678"));
  });
});

describe("the label action", () => {
  it("draws the label from the step's input and the sender in the settings, the same bytes every time", async () => {
    const action = defineLabelAction({ printedName: "顺丰速运 SF Express" });
    const context = createMockContext({
      input: { trackingNo: "SF1400012345678", recipient: { name: "李四", phone: "13900001111" }, address: { province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 90 号" }, orderNo: "WS-1001" },
      settings: { sender: { name: "杭州仓", phone: "0571-88880000", province: "浙江省", city: "杭州市", detail: "仓前街道 1 号" } },
    });
    const output = await action.run(context);
    expect(output).toMatchObject({ trackingNo: "SF1400012345678", fileName: "SF1400012345678.pdf", contentType: "application/pdf" });
    const pdf = Buffer.from(output.pdfBase64, "base64").toString("latin1");
    expect(scanBarcode(pdf)).toBe("SF1400012345678");
    expect(pdf).toContain([..."仓前街道"].map((c) => c.codePointAt(0)!.toString(16).toUpperCase()).join(""));
    expect((await action.run(context)).pdfBase64).toBe(output.pdfBase64);
  });
});
