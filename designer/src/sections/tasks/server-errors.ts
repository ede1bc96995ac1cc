/**
 * The server's verdict on a submitted form, placed on the form's fields: each
 * problem's JSON pointer under /data ("/data/scans/0/quantity") becomes the
 * nested error object @rjsf/core shows beside that field (its `extraErrors`).
 * Problems outside /data go on the form as a whole.
 */
import type { FieldProblem } from "../../api/client";

export interface FieldErrors {
  __errors?: string[];
  [field: string]: FieldErrors | string[] | undefined;
}

export function fieldErrorsFrom(problems: readonly FieldProblem[]): FieldErrors {
  const root: FieldErrors = {};
  for (const { field, message } of problems) {
    const path = field === "/data" || field.startsWith("/data/") ? field.slice("/data".length).split("/").slice(1).map(unescapePointer) : [];
    let node = root;
    for (const segment of path) node = (node[segment] ??= {}) as FieldErrors;
    (node.__errors ??= []).push(message);
  }
  return root;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
