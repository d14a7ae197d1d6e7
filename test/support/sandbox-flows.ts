// Test support: the steps an integrator takes against a running mock, over HTTP, for
// tests that talk to mock processes (a shared sandbox): a bnpl-payment-order order
// created and approved through the sandbox, and an Order Processing authorisation
// (access token, Initiate, SCA completed, Authorise) with its settles. Every answer of a
// contract operation is checked against its contract (expectDocumented).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { type CompiledSpec, compileSpec } from '../../lib/openapi.ts';
import {
  type Answer,
  type CallOptions,
  client,
  createBody,
  expectDocumented,
  ownerPath,
  sandboxPath,
} from './http.ts';

export interface Contracts {
  readonly ledger: CompiledSpec;
  readonly orderProcessing: CompiledSpec;
  readonly sandbox: CompiledSpec;
}

export async function loadContracts(): Promise<Contracts> {
  const [ledger, orderProcessing, sandbox] = await Promise.all([
    compileSpec('bnpl-payment-order'),
    compileSpec('order-processing'),
    compileSpec('sandbox-control'),
  ]);
  return { ledger, orderProcessing, sandbox };
}

const opBase = '/cl/merchant-gateway-service/merchant';

/** A mock instance seen through its contracts: each call names its operation and is checked. */
export function instance(url: string, contracts: Contracts) {
  const call = client(url);
  const checked =
    (spec: CompiledSpec) =>
    async (operationId: string, method: string, path: string, options?: CallOptions): Promise<Answer> => {
      const answer = await call(method, path, options);
      expectDocumented(spec, operationId, answer);
      return answer;
    };
  const ledgerOp = checked(contracts.ledger);
  const opOp = checked(contracts.orderProcessing);
  const sandboxOp = checked(contracts.sandbox);

  /** The Order Processing headers every operation needs; a fresh idempotency key unless given. */
  const opHeaders = (merchantId: string, extra: Record<string, string> = {}) => ({
    'Ocp-Apim-Subscription-Key': 'key',
    'context-merchantId': merchantId,
    'context-tenantId': 'tenant',
    'client-session-id': 'session',
    'idempotency-key': randomUUID(),
    ...extra,
  });

  return {
    url,
    call,
    ledgerOp,
    opOp,
    sandboxOp,
    opHeaders,

    async createOrder(ownerNo: string, overrides: Record<string, unknown> = {}): Promise<number> {
      const answer = await ledgerOp('createBnplPaymentOrder', 'POST', ownerPath(ownerNo), {
        json: createBody(overrides),
      });
      expect(answer.status, answer.text).toBe(201);
      return (answer.body as { paymentOrderId: number }).paymentOrderId;
    },

    async approve(ownerNo: string, id: number): Promise<void> {
      const chosen = await sandboxOp('choosePaymentMethod', 'POST', `${sandboxPath(ownerNo, id)}/choose`, {
        json: { profileName: 'BA_Invoice' },
      });
      expect(chosen.status, chosen.text).toBe(200);
      const approved = await sandboxOp('approve', 'POST', `${sandboxPath(ownerNo, id)}/approve`);
      expect(approved.status, approved.text).toBe(200);
    },

    getOrder: (ownerNo: string, id: number) =>
      ledgerOp('getBnplPaymentOrder', 'GET', `${ownerPath(ownerNo)}/${id}`),

    capture: (ownerNo: string, id: number, amount: number, sellerTransactionId = 'ship') =>
      ledgerOp('createCapture', 'POST', `${ownerPath(ownerNo)}/${id}/captures`, {
        json: {
          amount,
          currency: 'SEK',
          orderLines: [{ itemDescription: 'Phone', amount }],
          sellerTransactionId,
          receiptReference: 'R-1',
        },
      }),

    /** An authorisation of `amount` pounds for a customer like 123456789, SCA completed through the sandbox. */
    async authorise(merchantId: string, customerRef: string, amount: number): Promise<string> {
      const token = await sandboxOp(
        'issueCustomerAccessToken',
        'POST',
        `/_sandbox/order-processing/customers/${customerRef}/access-token`,
      );
      expect(token.status, token.text).toBe(200);
      const customerAccessToken = (token.body as { customerAccessToken: string }).customerAccessToken;
      const money = { value: amount, currencyCode: 'GBP' };
      const initiated = await opOp('Initiate', 'POST', `${opBase}/${customerRef}/initiate`, {
        headers: opHeaders(merchantId, { 'customer-access-token': customerAccessToken }),
        json: { amount: money },
        token: null,
      });
      expect(initiated.status, initiated.text).toBe(200);
      const { scaStatus, scaToken } = initiated.body as { scaStatus: string; scaToken: string };
      if (scaStatus === 'AuthenticationRequired') {
        const done = await sandboxOp('completeSca', 'POST', '/_sandbox/order-processing/sca/complete', {
          json: { scaToken },
        });
        expect(done.status, done.text).toBe(200);
      }
      const authorised = await opOp('Authorise', 'POST', `${opBase}/${customerRef}/authorisation`, {
        headers: opHeaders(merchantId, {
          'customer-access-token': customerAccessToken,
          'sca-token': scaToken,
        }),
        json: { amount: money, orderReference: 'order-1' },
        token: null,
      });
      expect(authorised.status, authorised.text).toBe(200);
      expect(authorised.body).toMatchObject({ result: 'Authorised' });
      return (authorised.body as { authorisationId: string }).authorisationId;
    },

    settle: (
      merchantId: string,
      customerRef: string,
      authorisationId: string,
      amount: number,
      idempotencyKey: string = randomUUID(),
    ) =>
      opOp('Settle', 'POST', `${opBase}/${customerRef}/authorisation/${authorisationId}/settle`, {
        headers: opHeaders(merchantId, { 'idempotency-key': idempotencyKey }),
        json: { amount: { value: amount, currencyCode: 'GBP' } },
        token: null,
      }),

    authorisationView: (merchantId: string, authorisationId: string) =>
      sandboxOp(
        'getOrderProcessingAuthorisation',
        'GET',
        `/_sandbox/order-processing/merchants/${merchantId}/authorisations/${authorisationId}`,
      ),

    journal: (query: string) => sandboxOp('listRequests', 'GET', `/_sandbox/requests?${query}`),

    reset: (body: Record<string, string>) => sandboxOp('reset', 'POST', '/_sandbox/reset', { json: body }),
  };
}

export type Instance = ReturnType<typeof instance>;

/** The pounds or kronor of an amount the contracts write as a number or `{ value }`. */
export const pounds = (amount: unknown): number =>
  typeof amount === 'number' ? amount : (amount as { value: number }).value;
