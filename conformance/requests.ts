// The request bodies the kit sends, typed from the contract (generated/), built
// from minor units through money.ts. Each suite varies them; the bodies here are
// the valid baseline a correct implementation accepts.
import type { components } from '../generated/bnpl-payment-order.2026-02-17.ts';
import { isCurrency, type MinorUnits, toMajor } from '../lib/money.ts';
import type { OutgoingRequest } from './client.ts';
import type { Session } from './session.ts';

type Schemas = components['schemas'];
export type CreateRequest = Schemas['BnplPaymentOrderRequest'];
export type CaptureRequest = Schemas['CaptureRequest'];
export type ReversalRequest = Schemas['ReversalRequest'];
export type RedirectRequest = Schemas['RedirectRequest'];
export type BnplPaymentOrder = Schemas['BnplPaymentOrder'];
export type SpecCurrency = Schemas['Currency'];

/** An amount as it goes on the wire: minor units of a currency, or a raw (possibly invalid) JSON number. */
export type WireAmount = { readonly minor: number } | { readonly raw: number };

export function wire(amount: WireAmount, currency: string): number {
  if ('raw' in amount) return amount.raw;
  // An invalid currency is sent with SEK's exponent; every currency of the contract has 2 decimals.
  return toMajor({ minor: amount.minor as MinorUnits, currency: isCurrency(currency) ? currency : 'SEK' });
}

/**
 * The profile the kit restricts its orders to, with all its sub profiles: with two or
 * more the customer chooses (through the adapter); with one it is chosen at creation (D-08).
 */
export function restrictToProfiles(session: Session): NonNullable<CreateRequest['restrictToProfiles']> {
  const { profileName, subProfileNames } = session.target;
  return [{ profileName, subProfiles: subProfileNames.map((subProfileName) => ({ subProfileName })) }];
}

export function createBody(
  session: Session,
  amount: WireAmount,
  currency: string,
  extra: { readonly sellerAuthorizationId?: string; readonly instore?: boolean } = {},
): CreateRequest {
  return {
    authorizationAmount: wire(amount, currency),
    currency: currency as Schemas['Currency'],
    sellerAuthorizationId: extra.sellerAuthorizationId ?? session.sellerId('order'),
    customer: {
      nationalConsumerIdentifier: { value: '19800101-1234', countryCode: 'SE' },
      email: 'conformance@example.com',
      msisdn: '+46701234567',
    },
    pointOfSale: 'bnpl-kit conformance',
    mcc: '5732',
    restrictToProfiles: restrictToProfiles(session),
    // Optional from revision 2026-02-17; the base revision does not know it (D-15).
    ...(extra.instore === undefined ? {} : { instore: extra.instore }),
  };
}

export function captureBody(
  session: Session,
  amount: WireAmount,
  currency: string,
  sellerTransactionId?: string,
): CaptureRequest {
  const value = wire(amount, currency);
  return {
    amount: value,
    currency: currency as Schemas['Currency'],
    // One order line for the whole amount, so an implementation that sums lines (D-11) agrees too.
    orderLines: [{ itemDescription: 'Conformance item', amount: value }],
    sellerTransactionId: sellerTransactionId ?? session.sellerId('capture'),
    receiptReference: `receipt-${session.kit.nonce}`,
  };
}

export function reversalBody(
  session: Session,
  amount: WireAmount,
  currency: string,
  sellerTransactionId?: string,
): Omit<ReversalRequest, 'receiptReference'> & { receiptReference?: string } {
  return {
    amount: wire(amount, currency),
    currency: currency as Schemas['Currency'],
    sellerTransactionId: sellerTransactionId ?? session.sellerId('reversal'),
    // Mandatory from revision 2026-02-17; the base revision refuses unknown members (D-15).
    ...(session.spec.requires('ReversalRequest', 'receiptReference')
      ? { receiptReference: `receipt-${session.kit.nonce}` }
      : {}),
  };
}

export function redirectBody(): RedirectRequest {
  return { returnUrl: 'https://example.com/bnpl-kit/return', redirectOptions: { languageCode: 'SV' } };
}

/** A request to an operation of the contract, its path filled from the spec. */
export function operationRequest(
  session: Session,
  operationId: string,
  params: { readonly paymentOrderId?: number | string; readonly ownerNo?: string },
  body?: unknown,
  extra: Partial<Pick<OutgoingRequest, 'authorization' | 'body'>> & {
    readonly query?: Readonly<Record<string, string>>;
  } = {},
): OutgoingRequest {
  const operation = session.spec.operation(operationId);
  const { query, ...rest } = extra;
  const search = query === undefined ? '' : `?${new URLSearchParams(query)}`;
  return {
    operationId,
    method: operation.method.toUpperCase(),
    path:
      session.spec.path(operationId, { ownerNo: params.ownerNo ?? session.target.ownerNo, ...params }) +
      search,
    ...(body === undefined ? {} : { body: { json: body } }),
    ...rest,
  };
}
