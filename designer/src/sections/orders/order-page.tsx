/** One order (GET /orders/:id): its details, the flows running for it, and its history, kept current by live updates. */
import { api } from "../../api/client";
import type { OrderDetail } from "../../api/types";
import { ListHead } from "../../app/list-head";
import { useLiveUpdates } from "../../app/live";
import { LoadedView } from "../../app/loaded-view";
import { hashOf } from "../../app/routes";
import { useApi } from "../../app/use-api";
import { useI18n } from "../../i18n/i18n";
import { TimelineTable } from "./timeline-table";

interface Line {
  sku?: unknown;
  name?: unknown;
  quantity?: unknown;
  unitPrice?: unknown;
}

export function OrderPage({ id }: { id: string }) {
  const { t, pick, time } = useI18n();
  const [order, reload] = useApi(`order:${id}`, () => api<OrderDetail>(`/orders/${encodeURIComponent(id)}`));
  useLiveUpdates(["timeline", "order", "instance"], reload, { order: id });

  return (
    <section>
      <p>
        <a href={hashOf("orders")}>← {t("order.back")}</a>
      </p>
      <h1>{t("order.title", { id })}</h1>
      <LoadedView loaded={order} onRetry={reload}>
        {(value) => (
          <>
            <p className="order-status">
              <span className="status">{pick(value.statusName) || value.status}</span>
              {value.inException && <span className="badge problem-badge">{t("orders.inException")}</span>}
            </p>
            <OrderDetails order={value} />
            <h2>{t("order.instances")}</h2>
            <ul className="instances">
              {value.instances.map((instance) => (
                <li key={instance.id}>
                  {t("order.instanceStatus", { flow: instance.flowId, version: instance.flowVersion, status: t(`instance.${instance.status}`) })}
                  {instance.waitingAt.length > 0 && <> · {t("order.waitingAt", { nodes: instance.waitingAt.join(", ") })}</>}
                </li>
              ))}
            </ul>
            <h2>{t("order.timeline")}</h2>
            <TimelineTable entries={value.timeline} />
            <p className="hint">
              {t("orders.updated")}: {time(value.updatedAt)}
            </p>
          </>
        )}
      </LoadedView>
    </section>
  );
}

function OrderDetails({ order }: { order: OrderDetail }) {
  const { t, time } = useI18n();
  const data = order.data;
  const lines = Array.isArray(data.lines) ? (data.lines as Line[]) : [];
  const address = data.address as Record<string, unknown> | undefined;
  const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : "—");
  const rows: [string, string][] = [
    [t("orders.platformOrderNo"), order.platformOrderNo],
    [t("orders.channel"), `${order.channel} · ${order.shop}`],
    [t("orders.buyer"), order.buyerName ?? "—"],
    [t("orders.phone"), order.phone ?? "—"],
    [t("orders.total"), order.total],
    [t("orders.created"), time(order.createdAt)],
  ];
  if (address) rows.push([t("order.address"), ["province", "city", "district", "detail"].map((part) => address[part]).filter((part) => typeof part === "string").join(" ")]);
  if (typeof data.paymentStatus === "string") rows.push([t("order.paymentStatus"), data.paymentStatus]);
  if (typeof data.deliverySpeed === "string") rows.push([t("order.deliverySpeed"), data.deliverySpeed]);
  if (typeof data.buyerNote === "string" && data.buyerNote) rows.push([t("order.buyerNote"), data.buyerNote]);
  return (
    <>
      <h2>{t("order.details")}</h2>
      <dl className="details">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {lines.length > 0 && (
        <>
          <h2>{t("order.lines")}</h2>
          <table className="list">
            <ListHead columns={["order.sku", "order.item", { label: "order.quantity", className: "number" }, { label: "order.unitPrice", className: "number" }]} />
            <tbody>
              {lines.map((line, index) => (
                <tr key={index}>
                  <td>{text(line.sku)}</td>
                  <td>{text(line.name)}</td>
                  <td className="number">{text(line.quantity)}</td>
                  <td className="number">{text(line.unitPrice)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
