// Test support for Order Processing: the customer's journey as a merchant's code and a
// test drive it, one step per function (an access token, Initiate, SCA completed
// headless, Authorise, the float operations, the sandbox's views of an authorisation
// and of a customer's credit). The API may be reached through another address than
// the sandbox (Prism in front of the mock); given the compiled specs, every answer is
// checked against its contract as it arrives.
import { expect } from 'vitest';
import type { components } from '../../generated/order-processing.ts';
import type { components as sandboxComponents } from '../../generated/sandbox-control.ts';
import type { CompiledSpec } from '../../lib/openapi.ts';
import {
  type Answer,
  client,
  expectDocumented,
  gbp,
  type OrderProcessingCallOptions,
  orderProcessingClient,
} from './http.ts';

type Schemas = components['schemas'];
export type InitiateResponse = Schemas['InitiateResponse'];
export type AuthorisationResponse = Schemas['AuthorisationResponse'];
export type AuthorisationView = sandboxComponents['schemas']['OrderProcessingAuthorisation'];
export type CustomerView = sandboxComponents['schemas']['OrderProcessingCustomer'];

/** Call options without the merchant, which every step takes as its first argument. */
export type StepOptions = Omit<OrderProcessingCallOptions, 'merchantId' | 'json'>;

export interface JourneyOptions {
  /** Where the Order Processing operations are reached (the mock, or Prism in front of it). */
  readonly api: string;
  /** The path the operations' paths start from there (default: the published base path). */
  readonly apiBase?: string;
  /** Where the sandbox control API is reached (the mock). */
  readonly sandbox: string;
  /** When given, every answer is checked against its contract. */
  readonly specs?: { readonly api: CompiledSpec; readonly sandbox: CompiledSpec };
  /** The `Ocp-Apim-Subscription-Key` of every step that names none, or each merchant's (default: any key). */
  readonly subscriptionKey?: string | ((merchantId: string) => string);
}

export type Journey = ReturnType<typeof orderProcessingJourney>;

export function orderProcessingJourney(options: JourneyOptions) {
  const api = orderProcessingClient(options.api, options.apiBase);
  const keyOf = (merchantId: string) =>
    typeof options.subscriptionKey === 'function'
      ? options.subscriptionKey(merchantId)
      : options.subscriptionKey;
  const sandboxCall = client(options.sandbox);

  /** Calls an Order Processing operation (path relative to the base path). */
  const op = async (
    operationId: string,
    method: 'GET' | 'POST',
    path: string,
    callOptions: OrderProcessingCallOptions,
  ): Promise<Answer> => {
    const subscriptionKey = keyOf(callOptions.merchantId);
    const answer = await api(method, path, {
      ...(subscriptionKey === undefined ? {} : { subscriptionKey }),
      ...callOptions,
    });
    if (options.specs !== undefined) expectDocumented(options.specs.api, operationId, answer);
    return answer;
  };

  /** Calls a sandbox control operation (no subscription key, as the sandbox needs none). */
  const sandbox = async (
    operationId: string,
    method: 'GET' | 'POST',
    path: string,
    json?: unknown,
  ): Promise<Answer> => {
    const answer = await sandboxCall(method, path, { token: null, ...(json === undefined ? {} : { json }) });
    if (options.specs !== undefined) expectDocumented(options.specs.sandbox, operationId, answer);
    return answer;
  };

  const accessToken = async (customerRef: string): Promise<string> => {
    const answer = await sandbox(
      'issueCustomerAccessToken',
      'POST',
      `/_sandbox/order-processing/customers/${customerRef}/access-token`,
    );
    expect(answer.status, answer.text).toBe(200);
    return (answer.body as { customerAccessToken: string }).customerAccessToken;
  };

  const completeSca = (scaToken: string) =>
    sandbox('completeSca', 'POST', '/_sandbox/order-processing/sca/complete', { scaToken });
  const failSca = (scaToken: string) =>
    sandbox('failSca', 'POST', '/_sandbox/order-processing/sca/fail', { scaToken });

  const initiate = async (
    merchantId: string,
    customerRef: string,
    value: number,
    extra: Omit<Schemas['InitiateRequest'], 'amount'> = {},
    stepOptions: StepOptions = {},
  ): Promise<Answer> =>
    op('Initiate', 'POST', `/merchant/${customerRef}/initiate`, {
      merchantId,
      customerAccessToken: stepOptions.customerAccessToken ?? (await accessToken(customerRef)),
      json: { amount: gbp(value), ...extra },
      ...stepOptions,
    });

  /** An sca-token valid for `value`: Initiate, and when authentication is required, the customer completes it. */
  const scaToken = async (merchantId: string, customerRef: string, value: number): Promise<string> => {
    const answer = await initiate(merchantId, customerRef, value);
    expect(answer.status, answer.text).toBe(200);
    const initiated = answer.body as InitiateResponse;
    if (initiated.scaStatus === 'AuthenticationRequired') {
      const completed = await completeSca(initiated.scaToken);
      expect(completed.status, completed.text).toBe(200);
    }
    return initiated.scaToken;
  };

  /** Authorise `value` with fresh tokens unless given; `body` adds to or replaces the request's members. */
  const authorise = async (
    merchantId: string,
    customerRef: string,
    value: number,
    body: Partial<Schemas['AuthorisationRequest']> = {},
    stepOptions: StepOptions = {},
  ): Promise<Answer> =>
    op('Authorise', 'POST', `/merchant/${customerRef}/authorisation`, {
      merchantId,
      customerAccessToken: stepOptions.customerAccessToken ?? (await accessToken(customerRef)),
      scaToken: stepOptions.scaToken ?? (await scaToken(merchantId, customerRef, value)),
      json: { amount: gbp(value), orderReference: 'order-1', ...body },
      ...stepOptions,
    });

  /** Authorise `value`, expecting it Authorised; its authorisationId. */
  const authorised = async (
    merchantId: string,
    customerRef: string,
    value: number,
    body: Partial<Schemas['AuthorisationRequest']> = {},
  ): Promise<string> => {
    const answer = await authorise(merchantId, customerRef, value, body);
    expect(answer.status, answer.text).toBe(200);
    expect((answer.body as AuthorisationResponse).result, answer.text).toBe('Authorised');
    return (answer.body as AuthorisationResponse).authorisationId;
  };

  const onAuthorisation =
    (operationId: 'UpwardAdjustment' | 'Settle' | 'Reverse', step: string) =>
    async (
      merchantId: string,
      customerRef: string,
      authorisationId: string,
      value: number,
      stepOptions: StepOptions & { readonly body?: Record<string, unknown> } = {},
    ): Promise<Answer> => {
      const { body, ...rest } = stepOptions;
      return op(operationId, 'POST', `/merchant/${customerRef}/authorisation/${authorisationId}/${step}`, {
        merchantId,
        ...(operationId === 'UpwardAdjustment'
          ? { customerAccessToken: rest.customerAccessToken ?? (await accessToken(customerRef)) }
          : {}),
        json: { amount: gbp(value), ...body },
        ...rest,
      });
    };

  const refund = (
    merchantId: string,
    customerRef: string,
    transactionId: string,
    value: number,
    stepOptions: StepOptions & { readonly body?: Record<string, unknown> } = {},
  ): Promise<Answer> => {
    const { body, ...rest } = stepOptions;
    return op('Refund', 'POST', `/merchant/${customerRef}/transaction/${transactionId}/refund`, {
      merchantId,
      json: { amount: gbp(value), ...body },
      ...rest,
    });
  };

  /** The sandbox's view of an authorisation (expects 200). */
  const authorisation = async (merchantId: string, authorisationId: string): Promise<AuthorisationView> => {
    const answer = await sandbox(
      'getOrderProcessingAuthorisation',
      'GET',
      `/_sandbox/order-processing/merchants/${merchantId}/authorisations/${authorisationId}`,
    );
    expect(answer.status, answer.text).toBe(200);
    return answer.body as AuthorisationView;
  };

  /** The customer's available credit with this merchant, in pounds. */
  const credit = async (merchantId: string, customerRef: string): Promise<number> => {
    const answer = await sandbox(
      'getOrderProcessingCustomer',
      'GET',
      `/_sandbox/order-processing/customers/${customerRef}?merchantId=${merchantId}`,
    );
    expect(answer.status, answer.text).toBe(200);
    return (answer.body as CustomerView).availableCredit.value;
  };

  return {
    op,
    sandbox,
    accessToken,
    completeSca,
    failSca,
    initiate,
    scaToken,
    authorise,
    authorised,
    adjust: onAuthorisation('UpwardAdjustment', 'upward-adjustment'),
    settle: onAuthorisation('Settle', 'settle'),
    reverse: onAuthorisation('Reverse', 'reverse'),
    refund,
    authorisation,
    credit,
  };
}

/** A settled transaction's id from a Settle answer (expects 200). */
export function transactionIdOf(answer: Answer): string {
  expect(answer.status, answer.text).toBe(200);
  return (answer.body as components['schemas']['SettleResponse']).transactionId;
}
