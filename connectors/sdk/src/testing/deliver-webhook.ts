/** A webhook as a simulated platform sends it: the signed headers and the raw body. */
export interface WebhookDelivery {
  headers: Record<string, string>;
  body: string;
}

/**
 * Posts `delivery` to `url` `times` times (a platform redelivering what it
 * thinks was lost) and resolves with each answer's status, reading every body
 * so no connection is left half-read.
 *
 * @example
 * expect(await deliverWebhook(receiverUrl, shop.orderWebhook(order), { times: 2 })).toEqual([200, 200]);
 */
export async function deliverWebhook(url: string, delivery: WebhookDelivery, { times = 1 }: { times?: number } = {}): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) {
    const response = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}
