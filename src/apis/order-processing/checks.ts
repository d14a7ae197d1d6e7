// The checks Initiate, Authorise and UpwardAdjustment share, each a pure function
// returning a Refusal or undefined: the customer access token, the spendOptionId,
// the SCA token, the amount's currency, and the credit decision.
import type { Money } from '../../../lib/money.ts';
import {
  type AccessTokenRecord,
  availableCredit,
  type CreditRecord,
  gbp,
  type Refusal,
  type ScaTokenRecord,
  sameMerchant,
} from './records.ts';
import type { CustomerConfig, ProductConfig } from './sandbox-data.ts';
import { isOffered } from './spend-options.ts';

/** The public sample's decline text, for an amount above the available credit. */
export const creditDeclineReason = 'Declined (Please speak to your credit issuer)';

/** The contract allows GBP only; another currency here means the edge let it through. */
export function checkCurrency(amount: Money): Refusal | undefined {
  return amount.currency === 'GBP'
    ? undefined
    : {
        problem: 'validation',
        detail: `currencyCode must be GBP, not ${amount.currency}`,
        pointer: '#/amount/currencyCode',
      };
}

/** The customer-access-token must have been issued for this customerRef. */
export function checkAccessToken(
  token: AccessTokenRecord | undefined,
  customerRef: string,
): Refusal | undefined {
  if (token === undefined) {
    return {
      problem: 'customer-token-invalid',
      detail:
        'customer-access-token is not a token the sandbox issued (POST /_sandbox/order-processing/customers/{customerRef}/access-token)',
    };
  }
  if (token.customerRef !== customerRef) {
    return {
      problem: 'customer-token-invalid',
      detail: `customer-access-token was issued for another customer, not customerRef ${customerRef}`,
    };
  }
  return undefined;
}

/** A given spendOptionId must be one of the customer's options offered for this amount. */
export function checkSpendOption(
  spendOptionId: string | undefined,
  customer: CustomerConfig,
  product: ProductConfig,
  amount: Money,
): Refusal | undefined {
  if (spendOptionId === undefined) return undefined;
  // A customer's spendOptionId is its option's offerId (OP-D-14), unique per product.
  const option = product.options.find((o) => o.offerId === spendOptionId);
  if (option !== undefined && isOffered(option, amount.minor)) return undefined;
  const known = option !== undefined;
  return {
    problem: 'validation',
    detail: known
      ? `spendOptionId ${spendOptionId} is not offered for ${gbp(amount.minor)} (below its minimum basket)`
      : `spendOptionId ${spendOptionId} is not one of customerRef ${customer.customerRef}'s spend options`,
    pointer: '#/spendOptionId',
  };
}

/**
 * The sca-token must come from an Initiate for the same merchant and customer, be
 * exempt or completed, cover at least the amount, and not be used yet.
 */
export function checkScaToken(
  token: ScaTokenRecord | undefined,
  merchantId: string,
  customerRef: string,
  amount: Money,
): Refusal | undefined {
  const refuse = (detail: string): Refusal => ({ problem: 'sca-required', detail });
  if (token === undefined) return refuse('sca-token is not a token Initiate issued; call Initiate first');
  if (!sameMerchant(token.merchantId, merchantId) || token.customerRef !== customerRef) {
    return refuse(
      `sca-token was issued by Initiate for another merchant or customer, not customerRef ${customerRef}`,
    );
  }
  switch (token.status) {
    case 'pending':
      return refuse(
        'sca-token awaits the customer: complete strong customer authentication in the widget (widgetUrl) or through the sandbox first',
      );
    case 'failed':
      return refuse("the customer's strong authentication for this sca-token failed; call Initiate again");
    case 'used':
      return refuse(
        `sca-token was already used${token.usedBy === undefined ? '' : ` by authorisation ${token.usedBy}`}; call Initiate again`,
      );
    case 'exempt':
    case 'completed':
      break;
  }
  if (token.amount < amount.minor) {
    return refuse(`sca-token covers ${gbp(token.amount)}; ${gbp(amount.minor)} asked`);
  }
  return undefined;
}

export type CreditDecision =
  | { readonly approved: true }
  | { readonly approved: false; readonly reason: string };

/** A customer configured as declined is declined; an amount above the available credit is declined. */
export function decideCredit(customer: CustomerConfig, credit: CreditRecord, amount: Money): CreditDecision {
  if (customer.declineReason !== undefined) return { approved: false, reason: customer.declineReason };
  if (amount.minor > availableCredit(customer.creditLimit, credit)) {
    return { approved: false, reason: creditDeclineReason };
  }
  return { approved: true };
}
