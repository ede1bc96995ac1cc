/** Logging in with login name and password (POST /auth/login); the server keeps the session in its HttpOnly cookie. */
import { useState, type FormEvent } from "react";
import { api, ApiFailure } from "../api/client";
import type { Me } from "../api/types";
import { LanguageSwitch } from "../app/language-switch";
import { Problem } from "../app/problem";
import { useI18n } from "../i18n/i18n";

export function LoginPage({ ended, onSignedIn }: { ended: boolean; onSignedIn: (me: Me) => void }) {
  const { t } = useI18n();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    api<Me>("/auth/login", { json: { login, password } }).then(onSignedIn, (failure: unknown) => {
      setBusy(false);
      setError(failure);
    });
  };
  const wrong = error instanceof ApiFailure && error.status === 401;

  return (
    <main className="login">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={submit}>
        <h1>{t("app.name")}</h1>
        <p className="tagline">{t("app.tagline")}</p>
        <h2>{t("login.title")}</h2>
        {ended && error === undefined && <p className="notice">{t("login.sessionEnded")}</p>}
        {wrong && (
          <p className="problem" role="alert">
            {t("login.wrong")}
          </p>
        )}
        {error !== undefined && !wrong && <Problem error={error} />}
        <label>
          {t("login.login")}
          <input name="login" autoComplete="username" autoFocus required value={login} onChange={(event) => setLogin(event.target.value)} />
        </label>
        <label>
          {t("login.password")}
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("login.submitting") : t("login.submit")}
        </button>
        <p className="hint">{t("login.firstTime")}</p>
      </form>
    </main>
  );
}
