// Strong customer authentication in the Order Processing mock, as pure decisions:
// issuing a customer access token (the sandbox's stand-in for the SSO widget),
// Initiate (Exempt or AuthenticationRequired, with the widget URL), and the
// customer completing or failing SCA (the widget page or the sandbox). Tokens and
// the mock's base URL are arguments.
import type { Money } from '../../../lib/money.ts';
import { checkAccessToken, checkCurrency } from './checks.ts';
import {
  type AccessTokenRecord,
  type Decided,
  refuse,
  type ScaStatus,
  type ScaTokenRecord,
  scaTokenRecord,
} from './records.ts';
import type { CustomerConfig, MerchantConfig } from './sandbox-data.ts';

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
 * Initiate: checks the access token and issues an SCA token, Exempt when the
 * customer's exemption covers the amount and the merchant did not override it,
 * else AuthenticationRequired with the widget URL. The spendOptionId is checked
 * for its form only, by the contract (OP-D-19); Authorise checks it against the
 * customer's options.
 */
export function initiate(args: {
  readonly merchantId: string;
  readonly customerRef: string;
  readonly accessToken: AccessTokenRecord | undefined;
  readonly customer: CustomerConfig;
  readonly merchant: MerchantConfig;
  readonly request: InitiateRequest;
  /** A fresh token, drawn from the seeded ids: never handed out twice, but not a secret (a sandbox needs none). */
  readonly scaToken: string;
  /** The mock's base URL as the client reached it (`http://127.0.0.1:4010`). */
  readonly mockBase: string;
}): Decided<{ readonly scaToken: ScaTokenRecord; readonly answer: InitiateAnswer }> {
  const { request, customer } = args;
  const refusal = checkAccessToken(args.accessToken, args.customerRef) ?? checkCurrency(request.amount);
  if (refusal !== undefined) return { ok: false, refusal };
  const exempt =
    request.exemptionOverride !== true &&
    customer.scaExemptBelow !== undefined &&
    request.amount.minor < customer.scaExemptBelow;
  const token = scaTokenRecord(
    {
      scaToken: args.scaToken,
      merchantId: args.merchantId,
      customerRef: args.customerRef,
      amount: request.amount.minor,
      spendOptionId: request.spendOptionId,
    },
    exempt ? 'exempt' : 'pending',
  );
  const answer: InitiateAnswer = exempt
    ? { scaStatus: 'Exempt', scaToken: args.scaToken }
    : {
        scaStatus: 'AuthenticationRequired',
        scaToken: args.scaToken,
        widgetUrl: widgetUrl(args.mockBase, args.merchant.brand, args.scaToken),
      };
  return { ok: true, value: { scaToken: token, answer } };
}

/** The sandbox's answer to complete and fail: the widget's own words (OP-D-37). */
export interface ScaStepAnswer {
  readonly scaToken: string;
  readonly status: 'authenticated' | 'failed';
}

type ScaStep = Decided<{ readonly scaToken: ScaTokenRecord; readonly answer: ScaStepAnswer }>;

function finished(scaToken: string, step: 'complete' | 'fail', why: string): ScaStep {
  return refuse('sca-token-finished', `cannot ${step} sca-token ${scaToken}: it ${why}; call Initiate again`);
}

const unknown = (scaToken: string): ScaStep =>
  refuse('not-found', `no sca-token ${scaToken} was issued by Initiate`);

/**
 * The customer passes SCA (the widget with the test code, or the sandbox): a
 * pending token becomes completed. A token already valid (exempt or completed)
 * answers the same, so a retry is safe. Used or failed: 409 sca-token-finished.
 */
export function completeSca(token: ScaTokenRecord | undefined, scaToken: string): ScaStep {
  if (token === undefined) return unknown(scaToken);
  switch (token.status) {
    case 'used':
      return finished(scaToken, 'complete', 'was already used by an authorisation');
    case 'failed':
      return finished(scaToken, 'complete', 'already failed');
    case 'exempt':
    case 'completed':
      return { ok: true, value: { scaToken: token, answer: { scaToken, status: 'authenticated' } } };
    case 'pending':
      return {
        ok: true,
        value: {
          scaToken: scaTokenRecord(token, 'completed'),
          answer: { scaToken, status: 'authenticated' },
        },
      };
  }
}

/**
 * The customer fails SCA (a wrong code, "That's not my number", or the sandbox):
 * only a pending token can fail; one used, failed, exempt or completed no longer
 * waits for the customer (409 sca-token-finished).
 */
export function failSca(token: ScaTokenRecord | undefined, scaToken: string): ScaStep {
  if (token === undefined) return unknown(scaToken);
  if (token.status !== 'pending') {
    const why: Record<Exclude<ScaStatus, 'pending'>, string> = {
      used: 'was already used by an authorisation',
      failed: 'already failed',
      exempt: 'is exempt and does not wait for the customer',
      completed: 'was already completed by the customer',
    };
    return finished(scaToken, 'fail', why[token.status]);
  }
  return {
    ok: true,
    value: { scaToken: scaTokenRecord(token, 'failed'), answer: { scaToken, status: 'failed' } },
  };
}
