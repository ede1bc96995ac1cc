/** What went wrong with a call, for people: a headline in their language, the server's own message, and what to do. */
import { ApiFailure } from "../api/client";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/translate";

export function Problem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const failure = error instanceof ApiFailure ? error : new ApiFailure(-1, "client", error instanceof Error ? error.message : String(error));
  return (
    <div className="problem" role="alert">
      <strong>{t(headline(failure.status))}</strong>
      {failure.status === 403 && <span> {t("error.forbiddenHint")}</span>}
      {failure.status !== 0 && failure.message && <p className="problem-detail">{t("error.details", { message: failure.message })}</p>}
      {failure.requestId && failure.status >= 500 && <p className="problem-detail">{t("error.requestId", { id: failure.requestId })}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("error.retry")}
        </button>
      )}
    </div>
  );
}

/** The catalogue key of the headline for an HTTP status (0: no answer). */
export function headline(status: number): MessageKey {
  if (status === 0) return "error.network";
  if (status === 401) return "error.unauthorized";
  if (status === 403) return "error.forbidden";
  if (status === 404) return "error.notFound";
  if (status === 409) return "error.conflict";
  if (status === 400 || status === 422) return "error.invalid";
  return "error.server";
}
