// Strong customer authentication in the Order Processing mock, as pure decisions:
// issuing a customer access token (the sandbox's stand-in for the SSO widget),
// Initiate (Exempt or AuthenticationRequired, with the widget URL), and the
// customer completing or failing SCA (the widget page or the sandbox). Tokens and
// the mock's base URL are arguments.
import type { Money } from '../../../lib/money.ts';
import { checkAccessToken, checkCurrency, checkSpendOption } from './checks.ts';
import {
  type AccessTokenRecord,
  type Decided,
  refuse,
  type ScaStatus,
  type ScaTokenRecord,
} from './records.ts';
import type { CustomerConfig, MerchantConfig, ProductConfig } from './sandbox-data.ts';

/** POST /_sandbox/order-processing/customers/{customerRef}/access-token. */
export function issueAccessToken(
  customerRef: string,
  customerAccessToken: string,
): { readonly token: AccessTokenRecord; readonly answer: { readonly customerAccessToken: string } } {
  return { token: { customerAccessToken, customerRef }, answer: { customerAccessToken } };
}

/** The widget page's path on the mock, shaped like the real widget's `/<brand>/identity`. */
export function widgetPath(brand: string): string {
  return `/_sandbox/pages/order-processing/${encodeURIComponent(brand)}/identity`;
}

/** The widgetUrl Initiate answers; the merchant appends `&redirect_uri=<its url>`. */
export function widgetUrl(mockBase: string, brand: string, scaToken: string): string {
  return `${mockBase.replace(/\/+$/, '')}${widgetPath(brand)}?scaToken=${encodeURIComponent(scaToken)}`;
}

export interface InitiateRequest {
  readonly amount: Money;
  readonly spendOptionId?: string | undefined;
  readonly exemptionOverride?: boolean | undefined;
}

export interface InitiateAnswer {
  readonly scaStatus: 'Exempt' | 'AuthenticationRequired';
  readonly scaToken: string;
  /** Exactly when authentication is required. */
  readonly widgetUrl?: string;
}

/**
 * Initiate: checks the access token, then the spendOptionId, and issues an SCA
 * token, Exempt when the customer's exemption covers the amount and the merchant
 * did not override it, else AuthenticationRequired with the widget URL.
 */
export function initiate(args: {
  readonly merchantId: string;
  readonly customerRef: string;
  readonly accessToken: AccessTokenRecord | undefined;
  readonly customer: CustomerConfig;
  readonly product: ProductConfig;
  readonly merchant: MerchantConfig;
  readonly request: InitiateRequest;
  /** A fresh, unguessable token. */
  readonly scaToken: string;
  /** The mock's base URL as the client reached it (`http://127.0.0.1:4010`). */
  readonly mockBase: string;
}): Decided<{ readonly scaToken: ScaTokenRecord; readonly answer: InitiateAnswer }> {
  const { request, customer } = args;
  const refusal =
    checkAccessToken(args.accessToken, args.customerRef) ??
    checkCurrency(request.amount) ??
    checkSpendOption(request.spendOptionId, customer, args.product, request.amount);
  if (refusal !== undefined) return { ok: false, refusal };
  const exempt =
    request.exemptionOverride !== true &&
    customer.scaExemptBelow !== undefined &&
    request.amount.minor < customer.scaExemptBelow;
  const token: ScaTokenRecord = {
    scaToken: args.scaToken,
    merchantId: args.merchantId,
    customerRef: args.customerRef,
    amount: request.amount.minor,
    ...(request.spendOptionId === undefined ? {} : { spendOptionId: request.spendOptionId }),
    status: exempt ? 'exempt' : 'pending',
  };
  const answer: InitiateAnswer = exempt
    ? { scaStatus: 'Exempt', scaToken: args.scaToken }
    : {
        scaStatus: 'AuthenticationRequired',
        scaToken: args.scaToken,
        widgetUrl: widgetUrl(args.mockBase, args.merchant.brand, args.scaToken),
      };
  return { ok: true, value: { scaToken: token, answer } };
}

export interface ScaStepAnswer {
  readonly scaToken: string;
  readonly status: ScaStatus;
}

function scaStep(
  token: ScaTokenRecord | undefined,
  scaToken: string,
  step: 'complete' | 'fail',
  next: (status: ScaStatus) => ScaStatus,
): Decided<{ readonly scaToken: ScaTokenRecord; readonly answer: ScaStepAnswer }> {
  if (token === undefined) return refuse('not-found', `no sca-token ${scaToken} was issued by Initiate`);
  if (token.status === 'used' || token.status === 'failed') {
    const was = token.status === 'used' ? 'was already used by an authorisation' : 'already failed';
    return refuse(
      'sca-token-finished',
      `cannot ${step} sca-token ${scaToken}: it ${was}; call Initiate again`,
    );
  }
  const updated = { ...token, status: next(token.status) };
  return { ok: true, value: { scaToken: updated, answer: { scaToken, status: updated.status } } };
}

/**
 * The customer passes SCA (the widget with the test code, or the sandbox): a
 * pending token becomes completed; completing again changes nothing; an exempt
 * token needs no authentication and stays exempt. Used or failed: refused.
 */
export function completeSca(token: ScaTokenRecord | undefined, scaToken: string) {
  return scaStep(token, scaToken, 'complete', (status) => (status === 'exempt' ? 'exempt' : 'completed'));
}

/** The customer fails SCA (a wrong code, "That's not my number", or the sandbox). Used or failed: refused. */
export function failSca(token: ScaTokenRecord | undefined, scaToken: string) {
  return scaStep(token, scaToken, 'fail', () => 'failed');
}
