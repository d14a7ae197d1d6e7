// Witnesses: what shows that a run reached a reading when no check id does. A witness
// watches the traffic between the kit and the alternative (through the proxy, after
// any rewriting, so it sees what the kit saw), changes nothing, and counts the times
// the run did what the reading is about; an alternative whose witness counts nothing
// passed without being put to the test.
import { type Incoming, operationOf, type Reply } from '../proxy.ts';

export interface Witness {
  /** What the run must have done at least once, for the failure message. */
  readonly what: string;
  /** Sees one request and the answer the kit got. */
  observe(incoming: Incoming, reply: Reply): void;
  /** How often the run did it so far. */
  count(): number;
}

type OrderSeen = Readonly<Record<string, unknown>>;

/**
 * cancel-authorize answered 204 on an order last shown as `before` wants, and the
 * order shown next as `after` wants: the kit sent the cancel in that state, and read
 * back the alternative's reading of it. Orders are followed by their paymentOrderId
 * through every answer that shows one (create, GET, the sandbox's customer steps).
 */
function cancelWitness(
  what: string,
  before: (order: OrderSeen) => boolean,
  after: (order: OrderSeen) => boolean,
): () => Witness {
  return () => {
    const last = new Map<string, OrderSeen>();
    const awaitingReadBack = new Set<string>();
    let count = 0;
    return {
      what,
      observe(incoming, reply) {
        if (operationOf(incoming) === 'createCancelAuthorize') {
          const id = /\/bnpl-payment-orders\/([^/?]+)\/cancel-authorize/.exec(incoming.path)?.[1];
          const seen = id === undefined ? undefined : last.get(id);
          if (reply.status === 204 && id !== undefined && seen !== undefined && before(seen))
            awaitingReadBack.add(id);
          return;
        }
        const order = reply.body as OrderSeen | undefined;
        if (reply.status >= 300 || typeof order !== 'object' || order === null) return;
        if (typeof order.paymentOrderId !== 'number' || typeof order.status !== 'string') return;
        const id = String(order.paymentOrderId);
        if (awaitingReadBack.delete(id) && after(order)) count += 1;
        last.set(id, order);
      },
      count: () => count,
    };
  };
}

/** A Created order cancelled, and read back still Created (D-04's other reading). */
export const cancelOnCreatedWitness = cancelWitness(
  'a cancel-authorize on a Created order, read back still Created',
  (order) => order.status === 'Created',
  (order) => order.status === 'Created',
);

/**
 * An Authorized order with nothing captured (remainingAmount is still the whole
 * authorization) cancelled, and read back Authorized with remainingAmount 0 (D-03's
 * other reading).
 */
export const cancelWithoutCapturesWitness = cancelWitness(
  'a cancel-authorize on an Authorized order without captures, read back Authorized with remainingAmount 0',
  (order) =>
    order.status === 'Authorized' &&
    typeof order.remainingAmount === 'number' &&
    order.remainingAmount > 0 &&
    order.remainingAmount === order.authorizationAmount,
  (order) => order.status === 'Authorized' && order.remainingAmount === 0,
);
