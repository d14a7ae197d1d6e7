// The Order Processing requests the kit sends: the headers every operation declares
// in the contract (the merchant, tenant and client session, an idempotency key on
// every POST, the customer's and the SCA tokens where they are taken) and the
// subscription key, and the bodies, typed from the contract (generated/) and built
// from pence through money.ts. The Order Processing run's shared state lives here too.
import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/order-processing.ts';
import { type MinorUnits, toMajor } from '../../lib/money.ts';
import type { OutgoingRequest } from '../client.ts';
import type { KitCore, Session } from '../session.ts';
import type { OrderProcessingAdapter } from './adapter.ts';
import type { OpSpec, PathParams } from './spec.ts';

type Schemas = components['schemas'];
export type AmountRequest = Schemas['AmountRequest'];
export type InitiateRequest = Schemas['InitiateRequest'];
export type InitiateResponse = Schemas['InitiateResponse'];
export type AuthorisationRequest = Schemas['AuthorisationRequest'];
export type AuthorisationResponse = Schemas['AuthorisationResponse'];
export type SettleRequest = Schemas['SettleRequest'];
export type ReverseResponse = Schemas['ReverseResponse'];
export type RefundRequest = Schemas['RefundRequest'];
export type SpendOption = Schemas['CustomerSpendOption'];

/** The target with every default applied. */
export interface ResolvedTarget {
  readonly baseUrl: string;
  readonly merchantId: string;
  readonly tenantId: string;
  readonly subscriptionKey: string;
  readonly customerRef: string;
  readonly otherCustomerRef: string | undefined;
  readonly otherMerchantId: string;
  readonly budgetMinor: number;
}

/** An Order Processing run. */
export interface OpKit extends KitCore {
  readonly spec: OpSpec;
  readonly target: ResolvedTarget;
  readonly adapter: OrderProcessingAdapter;
  /** The run's client-session-id (one per client session, S15). */
  readonly clientSessionId: string;
  /** customer-access-tokens by customerRef, asked of the adapter once per run (and again after a reset). */
  readonly accessTokens: Map<string, string>;
  /** What earlier sequences left held or owed (pence), when no reset cleared it. */
  readonly ledger: { carried: number };
}

export type OpSession = Session<OpKit>;

/** An amount as it goes on the wire: pence in GBP, or a raw (possibly invalid) value. */
export type WireAmount = { readonly minor: number } | { readonly raw: unknown };

export function pounds(minor: number): number {
  return toMajor({ minor: minor as MinorUnits, currency: 'GBP' });
}

/** `{ value, currencyCode: 'GBP' }` in pounds. */
export function amount(minor: number): AmountRequest {
  return { value: pounds(minor), currencyCode: 'GBP' };
}

export interface HeaderOptions {
  /** Another merchant than the target's (isolation checks). */
  readonly merchantId?: string;
  readonly customerAccessToken?: string;
  readonly scaToken?: string;
  /** The idempotency-key; a new UUID when left out. */
  readonly idempotencyKey?: string;
  /** Headers to leave out (by the name the contract writes; `Ocp-Apim-Subscription-Key` too). */
  readonly omit?: readonly string[];
}

/** The headers an operation declares, filled in, and the subscription key. */
export function headersFor(
  kit: OpKit,
  operationId: string,
  options: HeaderOptions = {},
): Record<string, string> {
  const headers: Record<string, string> = { 'Ocp-Apim-Subscription-Key': kit.target.subscriptionKey };
  const values: Record<string, string | undefined> = {
    'context-merchantId': options.merchantId ?? kit.target.merchantId,
    'context-tenantId': kit.target.tenantId,
    'client-session-id': kit.clientSessionId,
    'idempotency-key': options.idempotencyKey ?? randomUUID(),
    'customer-access-token': options.customerAccessToken,
    'sca-token': options.scaToken,
  };
  for (const parameter of kit.spec.headers(operationId)) {
    const value = values[parameter.name];
    if (value !== undefined) headers[parameter.name] = value;
  }
  for (const name of options.omit ?? []) delete headers[name];
  return headers;
}

export interface RequestOptions extends HeaderOptions {
  readonly body?: unknown;
  /** A raw body, for breakages the JSON encoder cannot write. */
  readonly raw?: { readonly text: string; readonly contentType?: string };
  readonly query?: Readonly<Record<string, string>>;
  /** Header values to send instead of the right ones (malformed headers). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A request to an operation of the contract, its path filled from the spec. */
export function opRequest(
  session: OpSession,
  operationId: string,
  params: PathParams,
  options: RequestOptions = {},
): OutgoingRequest {
  const { kit } = session;
  const operation = kit.spec.operation(operationId);
  return {
    operationId,
    method: operation.method.toUpperCase(),
    path: kit.spec.path(operationId, params, options.query),
    authorization: 'none',
    headers: { ...headersFor(kit, operationId, options), ...options.headers },
    ...(options.raw !== undefined
      ? {
          body: {
            raw: options.raw.text,
            ...(options.raw.contentType === undefined ? {} : { contentType: options.raw.contentType }),
          },
        }
      : options.body === undefined
        ? {}
        : { body: { json: options.body } }),
  };
}

/** A body's `amount` from a wire amount. */
export function amountOf(value: WireAmount): unknown {
  return 'minor' in value ? amount(value.minor) : value.raw;
}

export const authoriseBody = (
  minor: number,
  orderReference: string,
  spendOptionId?: string,
): AuthorisationRequest => ({
  amount: amount(minor),
  orderReference,
  description: 'bnpl-kit conformance',
  ...(spendOptionId === undefined ? {} : { spendOptionId }),
});

export const initiateBody = (minor: number, exemptionOverride?: boolean): InitiateRequest => ({
  amount: amount(minor),
  ...(exemptionOverride === undefined ? {} : { exemptionOverride }),
});

export const settleBody = (minor: number): SettleRequest => ({
  amount: amount(minor),
  description: 'bnpl-kit conformance',
});

export const refundBody = (minor: number): RefundRequest => ({
  amount: amount(minor),
  description: 'bnpl-kit conformance',
});
