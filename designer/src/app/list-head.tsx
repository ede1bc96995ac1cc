/**
 * The header row of a list table: one cell per column, its words from the
 * catalogue. A column is a message key, a key with the cell's class
 * ("number" aligns figures right), or null for a column without a title
 * (the buttons at the end of a row).
 *
 * @example
 * <ListHead columns={["orders.id", { label: "orders.total", className: "number" }, null]} />
 */
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/translate";

export type ListColumn = MessageKey | { label: MessageKey; className: string } | null;

export function ListHead({ columns }: { columns: readonly ListColumn[] }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        {columns.map((column, index) =>
          column === null ? <th key={index} /> : typeof column === "string" ? <th key={index}>{t(column)}</th> : <th key={index} className={column.className}>{t(column.label)}</th>,
        )}
      </tr>
    </thead>
  );
}
