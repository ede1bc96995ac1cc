/**
 * A waybill label as a PDF (100 × 150 mm, the thermal label size couriers
 * use): courier and service, the tracking number as a Code 128 barcode and
 * in print, recipient and sender, order number and weight. Written by hand,
 * without a library or network: one page, uncompressed, so it stays small
 * and inspectable. Text uses the PDF's predefined Chinese font STSong-Light
 * (Adobe-GB1, UCS-2 encoding), which readers supply without embedding.
 * The same content always gives the same bytes (no print time), so a
 * reprint is identical and a fixture can hold the expected file.
 *
 * @example writeFileSync("label.pdf", createLabelPdf({ courier: "顺丰速运 SF Express", trackingNo: "SF1400012345678", … }))
 */
import { code128Widths } from "./code128";

export interface LabelParty {
  name: string;
  phone: string;
  /** The full address on one line; wrapped on the label. */
  address: string;
}

export interface LabelContent {
  /** As printed at the top, e.g. "顺丰速运 SF Express". */
  courier: string;
  trackingNo: string;
  service?: string;
  recipient: LabelParty;
  sender: LabelParty;
  orderNo?: string;
  weightKg?: number;
}

const MM = 72 / 25.4;
const WIDTH = 100 * MM;
const HEIGHT = 150 * MM;
const MARGIN = 5 * MM;
/** Marks the barcode's rectangles in the content stream, for readers of the file (and its test). */
export const BARCODE_BEGIN = "% barcode";
export const BARCODE_END = "% end barcode";

export function createLabelPdf(label: LabelContent): Buffer {
  const page = drawPage(label);
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${n(WIDTH)} ${n(HEIGHT)}] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${Buffer.byteLength(page, "latin1")} >>\nstream\n${page}\nendstream`,
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>",
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  ];
  // Binary comment line after the header, so transfer tools treat the file as binary.
  let out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

function drawPage(label: LabelContent): string {
  const ops: string[] = [];
  let y = HEIGHT - MARGIN - 14;
  const text = (x: number, size: number, value: string) => ops.push(`BT /F1 ${size} Tf ${n(x)} ${n(y)} Td <${ucs2(value)}> Tj ET`);
  const rule = () => ops.push(`${n(MARGIN)} ${n(y)} m ${n(WIDTH - MARGIN)} ${n(y)} l S`);

  text(MARGIN, 14, label.courier);
  if (label.service) text(WIDTH - MARGIN - 14 * 0.55 * label.service.length - 20, 11, label.service);
  y -= 8;
  ops.push("0.8 w");
  rule();

  // The barcode: as wide as the label allows, keeping the quiet zones of 10 modules each side.
  const widths = code128Widths(label.trackingNo);
  const modules = widths.reduce((a, b) => a + b, 0);
  const module = Math.min(1.5, (WIDTH - 2 * MARGIN) / (modules + 20));
  const barHeight = 22 * MM;
  y -= barHeight + 6;
  let x = (WIDTH - modules * module) / 2;
  ops.push(BARCODE_BEGIN);
  widths.forEach((width, i) => {
    if (i % 2 === 0) ops.push(`${n(x)} ${n(y)} ${n(width * module)} ${n(barHeight)} re`);
    x += width * module;
  });
  ops.push("f", BARCODE_END);
  y -= 14;
  text((WIDTH - label.trackingNo.length * 12 * 0.5) / 2, 12, label.trackingNo);
  y -= 8;
  rule();

  const party = (title: string, who: LabelParty, size: number) => {
    y -= size + 6;
    text(MARGIN, size, `${title} ${who.name}  ${who.phone}`);
    for (const line of wrap(who.address, (WIDTH - 2 * MARGIN) / size)) {
      y -= size + 3;
      text(MARGIN, size, line);
    }
    y -= 6;
    rule();
  };
  party("收 To:", label.recipient, 12);
  party("寄 From:", label.sender, 9);

  y -= 14;
  if (label.orderNo) text(MARGIN, 9, `订单 Order: ${label.orderNo}`);
  if (label.weightKg !== undefined) {
    y -= 13;
    text(MARGIN, 9, `重量 Weight: ${label.weightKg} kg`);
  }
  return ops.join("\n");
}

/** Lines of at most `ems` em: a Chinese character is one em, an ASCII one half. */
function wrap(value: string, ems: number): string[] {
  const lines: string[] = [];
  let line = "";
  let width = 0;
  for (const char of value) {
    const w = char.codePointAt(0)! < 128 ? 0.5 : 1;
    if (width + w > ems && line) {
      lines.push(line);
      line = "";
      width = 0;
    }
    line += char;
    width += w;
  }
  if (line) lines.push(line);
  return lines;
}

/** UCS-2 big-endian in hex, as UniGB-UCS2-H reads it; a character beyond the BMP prints as "?". */
function ucs2(value: string): string {
  let hex = "";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    hex += (code > 0xffff ? 0x3f : code).toString(16).padStart(4, "0");
  }
  return hex.toUpperCase();
}

function n(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
