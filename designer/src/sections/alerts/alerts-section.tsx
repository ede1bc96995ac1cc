/** Standing alerts (GET /alerts), critical first, refreshed by live updates; "I'm on it" acknowledges one. */
import { useState } from "react";
import { api } from "../../api/client";
import type { Alert, AlertList } from "../../api/types";
import { useLiveUpdates } from "../../app/live";
import { LoadedView } from "../../app/loaded-view";
import { Problem } from "../../app/problem";
import { hashOf } from "../../app/routes";
import type { SectionProps } from "../../app/section-pages";
import { useApi } from "../../app/use-api";
import { navigate } from "../../app/use-hash-route";
import { useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/translate";

const FILTERS: { value: string; label: MessageKey }[] = [
  { value: "", label: "alerts.filterAll" },
  { value: "raised", label: "alerts.filterRaised" },
  { value: "acknowledged", label: "alerts.filterAcknowledged" },
];

export function AlertsSection({ route }: SectionProps) {
  const { t, pick, time } = useI18n();
  const status = route.query.status ?? "";
  const [alerts, reload] = useApi(`alerts:${status}`, () => api<AlertList>("/alerts", { query: { status: status || undefined } }));
  useLiveUpdates(["alert"], reload);
  const [failure, setFailure] = useState<unknown>();
  const acknowledge = (alert: Alert) => {
    setFailure(undefined);
    api<Alert>(`/alerts/${alert.id}/acknowledge`, { method: "POST" }).then(reload, (error: unknown) => {
      setFailure(error);
      reload();
    });
  };

  return (
    <section>
      <h1>{t("alerts.title")}</h1>
      <div className="toolbar">
        <label>
          {t("alerts.filter")}{" "}
          <select value={status} onChange={(event) => navigate(hashOf("alerts", [], { status: event.target.value }))}>
            {FILTERS.map((filter) => (
              <option key={filter.value} value={filter.value}>
                {t(filter.label)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {failure !== undefined && <Problem error={failure} />}
      <LoadedView loaded={alerts} onRetry={reload} isEmpty={(value) => value.alerts.length === 0} empty={t("alerts.none")}>
        {(value) => (
          <table className="list">
            <thead>
              <tr>
                <th>{t("alerts.severity")}</th>
                <th>{t("alerts.message")}</th>
                <th>{t("alerts.raised")}</th>
                <th>{t("alerts.status")}</th>
                <th />
              </tr>
            </thead>
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
