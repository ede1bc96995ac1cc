/**
 * The app: who is signed in (GET /auth/me), the login page when nobody is,
 * and otherwise the shell with the sections the user's roles give them.
 */
import { useCallback, useEffect, useState } from "react";
import { api, ApiFailure, whenUnauthorized } from "../api/client";
import type { Me } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { LoginPage } from "../login/login-page";
import { Problem } from "./problem";
import { Shell } from "./shell";

type Session = { state: "checking" } | { state: "out"; ended: boolean } | { state: "in"; me: Me } | { state: "unreachable"; error: unknown };

export function App() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session>({ state: "checking" });
  const check = useCallback(() => {
    setSession({ state: "checking" });
    api<Me>("/auth/me").then(
      (me) => setSession({ state: "in", me }),
      (error: unknown) => setSession(error instanceof ApiFailure && error.status === 401 ? { state: "out", ended: false } : { state: "unreachable", error }),
    );
  }, []);
  useEffect(() => {
    check();
    whenUnauthorized(() => setSession({ state: "out", ended: true }));
    return () => whenUnauthorized(undefined);
  }, [check]);

  switch (session.state) {
    case "checking":
      return <p className="loading">{t("app.loading")}</p>;
    case "unreachable":
      return (
        <main className="standalone">
          <Problem error={session.error} onRetry={check} />
        </main>
      );
    case "out":
      return <LoginPage ended={session.ended} onSignedIn={(me) => setSession({ state: "in", me })} />;
    case "in":
      return <Shell me={session.me} onSignedOut={() => setSession({ state: "out", ended: false })} />;
  }
}
