/**
 * The flows this server runs (GET /flows), read-only for now. The flow
 * designer (React Flow canvas), the form designer and the rule editor will
 * be pages of this section.
 */
import { api } from "../../api/client";
import type { FlowList } from "../../api/types";
import { ListHead } from "../../app/list-head";
import { LoadedView } from "../../app/loaded-view";
import type { SectionProps } from "../../app/section-pages";
import { useApi } from "../../app/use-api";
import { useI18n } from "../../i18n/i18n";

export function FlowsSection(_props: SectionProps) {
  const { t, pick, time } = useI18n();
  const [flows, reload] = useApi("flows", () => api<FlowList>("/flows"));
  return (
    <section>
      <h1>{t("flows.title")}</h1>
      <p className="hint">{t("flows.intro")}</p>
      <LoadedView loaded={flows} onRetry={reload} isEmpty={(value) => value.flows.length === 0} empty={t("flows.none")}>
        {(value) => (
          <table className="list">
            <ListHead columns={["flows.name", "flows.id", "flows.latest", "flows.published", "flows.updated"]} />
            <tbody>
              {value.flows.map((flow) => (
                <tr key={flow.id}>
                  <td>{pick(flow.name)}</td>
                  <td>
                    <code>{flow.id}</code>
                  </td>
                  <td>{flow.latestVersion === null ? t("flows.unpublished") : `v${flow.latestVersion}`}</td>
                  <td>{flow.publishedAt ? time(flow.publishedAt) : "—"}</td>
                  <td>
                    {time(flow.updatedAt)}
                    {flow.updatedBy ? ` · ${flow.updatedBy}` : ""}
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
