/**
 * A courier's API as the far side of a connector call, on a real HTTP server
 * in the test process. It does what a real courier with idempotency keys
 * does: `create_waybill` creates one waybill per `Idempotency-Key` and
 * answers a repeat with the same waybill; `push_tracking` and
 * `hand_over_batch` (a day's parcels handed to the courier) are recorded.
 * It refuses calls without a key. Every call is recorded, repeats included,
 * so a test can tell a repeated call (allowed: at-least-once delivery) from
 * a repeated side effect (a second waybill for one order: never allowed).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface CourierCall {
  action: string;
  key: string;
  /** The server process that made the call (its X-Server header). */
  server: string;
  input: Record<string, unknown>;
}

export interface FakeCourier {
  url: string;
  calls: CourierCall[];
  /** Waybills created, by idempotency key: the courier's side effect. */
  waybills: Map<string, { waybillNo: string; orderNo: string }>;
  /** From now on, take calls (record them, create the waybill) but keep the answers back, as a courier that hangs; only for the calls `which` picks, when given. */
  hold(which?: (call: CourierCall) => boolean): void;
  /** Sends the answers held back, and answers at once again. */
  release(): void;
  /** The calls taken while holding. */
  held: CourierCall[];
  close(): Promise<void>;
}

export async function startFakeCourier(): Promise<FakeCourier> {
  const calls: CourierCall[] = [];
  const waybills = new Map<string, { waybillNo: string; orderNo: string }>();
  const held: CourierCall[] = [];
  let holding: (() => void)[] | undefined;
  let holds: (call: CourierCall) => boolean = () => true;
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      let call: CourierCall | undefined;
      const answer = (status: number, value: unknown) => {
        const send = () => void response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
        if (holding && call && holds(call)) holding.push(send);
        else send();
      };
      const key = request.headers["idempotency-key"];
      const action = (request.url ?? "").replace(/^\//, "");
      if (typeof key !== "string" || key === "") return answer(400, { error: "the Idempotency-Key header is required" });
      const input = JSON.parse(body) as Record<string, unknown>;
      call = { action, key, server: String(request.headers["x-server"] ?? ""), input };
      calls.push(call);
      if (holding && holds(call)) held.push(call);
      if (action === "create_waybill") {
        let waybill = waybills.get(key);
        if (!waybill) waybills.set(key, (waybill = { waybillNo: `SF${String(waybills.size + 1).padStart(8, "0")}`, orderNo: String(input.orderNo) }));
        return answer(200, { waybillNo: waybill.waybillNo });
      }
      if (action === "push_tracking") return answer(200, { pushed: true });
      if (action === "hand_over_batch") return answer(200, { handedOver: true });
      answer(404, { error: `no action ${action}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    waybills,
    held,
    hold(which = () => true) {
      holds = which;
      holding ??= [];
    },
    release() {
      const answers = holding ?? [];
      holding = undefined;
      for (const send of answers) send();
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the server processes' keep-alive sockets
      }),
  };
}
