/**
 * Searching orders (GET /orders). The filters live in the address
 * (`#/orders?phone=1234`), so a reload, the back button and a shared link
 * show the same results.
 */
import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { FlowList, FlowVersionDetail, OrderPage as OrderPageAnswer, OrderSummary } from "../../api/types";
import { ListHead } from "../../app/list-head";
import { Problem } from "../../app/problem";
import { hashOf } from "../../app/routes";
import { navigate } from "../../app/use-hash-route";
import { useApi } from "../../app/use-api";
import { useI18n } from "../../i18n/i18n";
import { statusOptions, type StatusOption } from "./status-options";

const TEXT_FILTERS = ["q", "id", "platformOrderNo", "buyer", "phone"] as const;
const FILTERS = [...TEXT_FILTERS, "status", "inException"] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

export function OrderSearch({ query }: { query: Readonly<Record<string, string>> }) {
  const { t, pick, time } = useI18n();
  const applied: Filters = Object.fromEntries(FILTERS.filter((name) => query[name]).map((name) => [name, query[name]]));
  const appliedKey = JSON.stringify(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  useEffect(() => setDraft(JSON.parse(appliedKey) as Filters), [appliedKey]);
  const statuses = useStatusOptions();
  const [more, setMore] = useState<{ orders: OrderSummary[]; cursor: string | null; error?: unknown }>({ orders: [], cursor: null });
  const [page] = useApi(appliedKey, () => api<OrderPageAnswer>("/orders", { query: applied }));
  useEffect(() => setMore({ orders: [], cursor: null }), [appliedKey]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(hashOf("orders", [], draft));
  };
  const loadMore = (cursor: string) => {
    api<OrderPageAnswer>("/orders", { query: { ...applied, cursor } }).then(
      (next) => setMore((before) => ({ orders: [...before.orders, ...next.orders], cursor: next.nextCursor })),
      (error: unknown) => setMore((before) => ({ ...before, error })),
    );
  };
  const field = (name: (typeof TEXT_FILTERS)[number], label: string, hint?: string) => (
    <label>
      {label}
      <input name={name} value={draft[name] ?? ""} placeholder={hint} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
    </label>
  );

  const orders = page.state === "done" ? [...page.value.orders, ...more.orders] : [];
  const cursor = more.orders.length > 0 ? more.cursor : page.state === "done" ? page.value.nextCursor : null;
  return (
    <section>
      <h1>{t("orders.title")}</h1>
      <form className="filters" onSubmit={submit} role="search">
        <div className="filter-wide">{field("q", t("orders.q"), t("orders.qHint"))}</div>
        {field("id", t("orders.id"))}
        {field("platformOrderNo", t("orders.platformOrderNo"))}
        {field("buyer", t("orders.buyer"))}
        {field("phone", t("orders.phone"), t("orders.phoneHint"))}
        <label>
          {t("orders.status")}
          <select name="status" value={draft.status ?? ""} onChange={(event) => setDraft({ ...draft, status: event.target.value })}>
            <option value="">{t("orders.anyStatus")}</option>
            {statuses.map((status) => (
              <option key={status.code} value={status.code}>
                {pick(status.name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("orders.exceptions")}
          <select name="inException" value={draft.inException ?? ""} onChange={(event) => setDraft({ ...draft, inException: event.target.value })}>
            <option value="">{t("orders.exceptionsAny")}</option>
            <option value="true">{t("orders.exceptionsOnly")}</option>
            <option value="false">{t("orders.exceptionsNone")}</option>
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t("orders.search")}
          </button>
          <button type="button" onClick={() => navigate(hashOf("orders"))}>
            {t("orders.clear")}
          </button>
        </div>
      </form>

      {page.state === "loading" && <p className="loading">{t("app.loading")}</p>}
      {page.state === "failed" && <Problem error={page.error} />}
      {page.state === "done" && orders.length === 0 && <p className="notice">{t("orders.none")}</p>}
      {orders.length > 0 && (
        <>
          <table className="list">
            <ListHead columns={["orders.id", "orders.platformOrderNo", "orders.channel", "orders.buyer", "orders.phone", "orders.status", { label: "orders.total", className: "number" }, "orders.created"]} />
            <tbody>
              {orders.map((order) => (
                <tr key={order.id}>
                  <td>
                    <a href={hashOf("orders", [order.id])}>{order.id}</a>
                  </td>
                  <td>{order.platformOrderNo}</td>
                  <td>
                    {order.channel} · {order.shop}
                  </td>
                  <td>{order.buyerName ?? "—"}</td>
                  <td>{order.phone ?? "—"}</td>
                  <td>
                    <span className="status">{pick(order.statusName) || order.status}</span>
                    {order.inException && <span className="badge problem-badge">{t("orders.inException")}</span>}
                  </td>
                  <td className="number">{order.total}</td>
                  <td>{time(order.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t("orders.count", { count: orders.length })}</p>
        </>
      )}
      {more.error !== undefined && <Problem error={more.error} />}
      {cursor && (
        <button type="button" onClick={() => loadMore(cursor)}>
          {t("orders.more")}
        </button>
      )}
    </section>
  );
}

/** The statuses of the published flows (GET /flows, then each one's newest version); the built-in ones while they load or when flows cannot be read. */
function useStatusOptions(): StatusOption[] {
  const [documents] = useApi("flows", async () => {
    const { flows } = await api<FlowList>("/flows");
    const versions = await Promise.all(flows.filter((flow) => flow.latestVersion !== null).map((flow) => api<FlowVersionDetail>(`/flows/${encodeURIComponent(flow.id)}/versions/${flow.latestVersion}`)));
    return versions.map((version) => version.document);
  });
  return statusOptions(documents.state === "done" ? documents.value : []);
}
