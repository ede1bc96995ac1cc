/**
 * What a page shows of something it loads (`useApi`): "loading…" meanwhile,
 * the problem with a retry button when loading failed, `empty` when
 * `isEmpty` says there is nothing to show, and otherwise what `children`
 * draws of the value.
 *
 * @example
 * <LoadedView loaded={alerts} onRetry={reload} isEmpty={(value) => value.alerts.length === 0} empty={t("alerts.none")}>
 *   {(value) => <AlertTable alerts={value.alerts} />}
 * </LoadedView>
 */
import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n";
import { Problem } from "./problem";
import type { Loaded } from "./use-api";

export function LoadedView<T>({ loaded, onRetry, isEmpty, empty, children }: { loaded: Loaded<T>; onRetry?: () => void; isEmpty?: (value: T) => boolean; empty?: ReactNode; children: (value: T) => ReactNode }) {
  const { t } = useI18n();
  if (loaded.state === "loading") return <p className="loading">{t("app.loading")}</p>;
  if (loaded.state === "failed") return <Problem error={loaded.error} onRetry={onRetry} />;
  if (isEmpty?.(loaded.value)) return <p className="notice">{empty}</p>;
  return <>{children(loaded.value)}</>;
}
