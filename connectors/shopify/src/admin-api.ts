/**
 * One GraphQL call to the Admin API through the SDK's HTTP helper (which
 * already retries 5xx, timeouts and 429 with Retry-After). GraphQL adds its
 * own refusal: a query the cost-based leaky bucket cannot afford yet answers
 * 200 with a THROTTLED error and the bucket's state in
 * `extensions.cost.throttleStatus`; that becomes a retryable error carrying
 * how long the bucket needs to refill, so the worker comes back then.
 */
import { ConnectorError, permanentError, transientError, type HttpClient } from "@orderflow/connector-sdk";

interface ThrottleStatus {
  maximumAvailable?: number;
  currentlyAvailable?: number;
  restoreRate?: number;
}

interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

export interface GraphqlCall {
  endpoint: string;
  /** Also the operation's name in the query, so logs (and the simulator) can tell calls apart. */
  operationName: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** The `data` of a GraphQL answer; throws a ConnectorError for a throttled or failed query. */
export async function graphql<T>(http: HttpClient, call: GraphqlCall): Promise<T> {
  const what = `Shopify ${call.operationName}`;
  let answer: GraphqlAnswer<T> | string;
  try {
    ({ body: answer } = await http.request<GraphqlAnswer<T> | string>({ method: "POST", path: call.endpoint, json: { query: call.query, operationName: call.operationName, variables: call.variables ?? {} } }));
  } catch (error) {
    if (error instanceof ConnectorError && (error.status === 401 || error.status === 403)) {
      throw permanentError("unauthorized", `${what}: Shopify refused the access token (${error.message}); check the token and that the app has the read_orders and write_fulfillments scopes`);
    }
    throw error;
  }
  if (typeof answer !== "object" || answer === null) throw permanentError("bad_response", `${what} answered with something that is not GraphQL JSON`);
  const errors = answer.errors ?? [];
  if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
    throw transientError("throttled", `${what} was throttled by Shopify's query-cost bucket`, refillMs(answer.extensions?.cost?.requestedQueryCost, answer.extensions?.cost?.throttleStatus));
  }
  if (errors.length > 0 || answer.data === undefined || answer.data === null) {
    throw permanentError("graphql_error", `${what} failed: ${errors.map((e) => e.message ?? "unknown error").join("; ") || "no data in the answer"}`);
  }
  return answer.data;
}

/** How long until the bucket holds the query's cost again, from Shopify's throttle status; a second when it is not stated. */
export function refillMs(requested: number | undefined, status: ThrottleStatus | undefined): number {
  const rate = status?.restoreRate ?? 0;
  if (requested === undefined || status?.currentlyAvailable === undefined || rate <= 0) return 1_000;
  return Math.max(1_000, Math.ceil((requested - status.currentlyAvailable) / rate) * 1_000);
}
