// Order Processing's customer part, which the API does not cover: the customer's
// access token (live, from NewDay's SSO widget, S13) and the customer completing
// strong customer authentication in the SCA widget (S8); and, optionally, clearing
// the merchant's state. A vendor supplies it as an ES module whose default export is
// an OrderProcessingAdapter (conformance/adapters/order-processing.example.mjs);
// `mock` drives bnpl-kit's mock through its sandbox control API.
import { importAdapter, shapeProblems } from '../adapter.ts';
import { orderProcessingMockAdapter } from '../adapters/order-processing-mock.ts';
import type { OpKit } from './requests.ts';

/** Who the kit acts as, for every adapter call. */
export interface OrderProcessingContext {
  /** The target's base URL, up to and including /cl/merchant-gateway-service. */
  readonly baseUrl: string;
  readonly merchantId: string;
  readonly tenantId: string;
  readonly subscriptionKey: string;
  /** The customer the step is for. */
  readonly customerRef: string;
}

/** The Initiate answer whose SCA the customer completes. */
export interface ScaContext extends OrderProcessingContext {
  readonly scaToken: string;
  readonly widgetUrl?: string | undefined;
}

export interface OrderProcessingAdapter {
  /** Resolves to a customer-access-token for ctx.customerRef. */
  customerAccessToken(ctx: OrderProcessingContext): Promise<string>;
  /** Resolves, once the customer has completed SCA for ctx.scaToken, to the token to send as sca-token. */
  completeSca(ctx: ScaContext): Promise<string>;
  /** Optional: clears ctx.merchantId's state; the kit calls it before the run, before each model-based sequence and after. */
  reset?(ctx: OrderProcessingContext): Promise<void>;
}

/** The context of an adapter call for the run's customer (a call for another spreads its customerRef over it). */
export function adapterContext(kit: OpKit): OrderProcessingContext {
  return {
    baseUrl: kit.client.baseUrl,
    merchantId: kit.target.merchantId,
    tenantId: kit.target.tenantId,
    subscriptionKey: kit.target.subscriptionKey,
    customerRef: kit.target.customerRef,
  };
}

/**
 * The adapter's reset (the caller checks that it offers one), and then what the kit
 * remembers of the target forgotten with it: the access tokens and what earlier
 * sequences left held or owed.
 */
export async function resetKit(kit: OpKit): Promise<void> {
  const { adapter } = kit;
  await (adapter.reset as NonNullable<OrderProcessingAdapter['reset']>).call(adapter, adapterContext(kit));
  kit.accessTokens.clear();
  kit.ledger.carried = 0;
}

export function orderProcessingAdapterProblems(candidate: unknown): string[] {
  return shapeProblems(candidate, ['customerAccessToken', 'completeSca'], ['reset']);
}

/** Loads `mock` or an ES module path (relative to the working directory). */
export async function loadOrderProcessingAdapter(specifier: string): Promise<OrderProcessingAdapter> {
  if (specifier === 'mock') return orderProcessingMockAdapter;
  return importAdapter<OrderProcessingAdapter>(
    specifier,
    orderProcessingAdapterProblems,
    'customerAccessToken(ctx) and completeSca(ctx), each returning a promise of a token, and optionally reset(ctx)',
  );
}
