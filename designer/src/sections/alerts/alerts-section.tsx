/** Standing alerts (GET /alerts), critical first, refreshed by live updates; "I'm on it" acknowledges one. */
import { api } from "../../api/client";
import type { Alert, AlertList } from "../../api/types";
import { FilterSelect, type FilterOption } from "../../app/filter-select";
import { ListHead } from "../../app/list-head";
import { useLiveUpdates } from "../../app/live";
import { LoadedView } from "../../app/loaded-view";
import { Problem } from "../../app/problem";
import { hashOf } from "../../app/routes";
import type { SectionProps } from "../../app/section-pages";
import { useAction } from "../../app/use-action";
import { useApi } from "../../app/use-api";
import { navigate } from "../../app/use-hash-route";
import { useI18n } from "../../i18n/i18n";

const FILTERS: FilterOption[] = [
  { value: "", label: "alerts.filterAll" },
  { value: "raised", label: "alerts.filterRaised" },
  { value: "acknowledged", label: "alerts.filterAcknowledged" },
];

export function AlertsSection({ route }: SectionProps) {
  const { t, pick, time } = useI18n();
  const status = route.query.status ?? "";
  const [alerts, reload] = useApi(`alerts:${status}`, () => api<AlertList>("/alerts", { query: { status: status || undefined } }));
  useLiveUpdates(["alert"], reload);
  const { failure, run } = useAction(reload);
  const acknowledge = (alert: Alert) => run(api<Alert>(`/alerts/${alert.id}/acknowledge`, { method: "POST" }));

  return (
    <section>
      <h1>{t("alerts.title")}</h1>
      <div className="toolbar">
        <FilterSelect label="alerts.filter" value={status} options={FILTERS} onPick={(value) => navigate(hashOf("alerts", [], { status: value }))} />
      </div>
      {failure !== undefined && <Problem error={failure} />}
      <LoadedView loaded={alerts} onRetry={reload} isEmpty={(value) => value.alerts.length === 0} empty={t("alerts.none")}>
        {(value) => (
          <table className="list">
            <ListHead columns={["alerts.severity", "alerts.message", "alerts.raised", "alerts.status", null]} />
            <tbody>
              {value.alerts.map((alert) => (
                <tr key={alert.id} className={`severity-${alert.severity}`}>
                  <td>
                    <span className={`badge severity-badge-${alert.severity}`}>{t(`severity.${alert.severity}`)}</span>
                  </td>
                  <td>
                    {pick(alert.message)}
                    <div className="hint">
                      {alert.alert}
                      {alert.node ? ` · ${alert.node}` : ""}
                    </div>
                  </td>
                  <td>{time(alert.raisedAt)}</td>
                  <td>{alert.status === "acknowledged" && alert.acknowledgedBy ? t("alerts.acknowledgedBy", { login: alert.acknowledgedBy, time: alert.acknowledgedAt ? time(alert.acknowledgedAt) : "" }) : t(`alertStatus.${alert.status}`)}</td>
                  <td className="actions">
                    {alert.status === "raised" && (
                      <button type="button" className="primary" onClick={() => acknowledge(alert)}>
                        {t("alerts.acknowledge")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadedView>
    </section>
  );
}
