/** An order's history as a table staff can read; the machinery's own steps only on request. */
import { useState } from "react";
import type { TimelineEntry } from "../../api/types";
import { ListHead } from "../../app/list-head";
import { useI18n } from "../../i18n/i18n";
import { timelineRows } from "./timeline";

export function TimelineTable({ entries }: { entries: readonly TimelineEntry[] }) {
  const i18n = useI18n();
  const { t, time } = i18n;
  const [showAll, setShowAll] = useState(false);
  const rows = timelineRows(entries, i18n).filter((row) => showAll || !row.technical);
  return (
    <>
      <label className="inline">
        <input type="checkbox" checked={showAll} onChange={(event) => setShowAll(event.target.checked)} /> {t("order.showAll")}
      </label>
      {rows.length === 0 ? (
        <p className="notice">{t("order.timelineEmpty")}</p>
      ) : (
        <table className="list timeline">
          <ListHead columns={["order.time", "order.step", "order.what", "order.who"]} />
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={row.problem ? "problem-row" : row.technical ? "technical-row" : undefined}>
                <td className="nowrap">{time(row.at)}</td>
                <td>{row.step}</td>
                <td>
                  {row.what}
                  {row.why && (
                    <details>
                      <summary>{t("order.why")}</summary>
                      <pre>{row.why}</pre>
                    </details>
                  )}
                </td>
                <td>{row.who ?? t("order.system")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
