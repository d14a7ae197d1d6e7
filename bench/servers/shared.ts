// What the benchmark's server processes share: loading the mock as its package ships it
// (dist/index.js, built ahead of time, no transpiler), and the JSON line protocol with
// bench/child.ts (`{"url": …}` once listening, then one line per answer). These files
// are compiled to plain JavaScript in bench/.build/ (bench/build.ts) before a run, one
// folder deep as here, so the relative URL below holds for both.

/** The package API of bnpl-kit, typed from its sources; at run time the built dist/index.js. */
export type MockModule = typeof import('../../src/index.ts');
export type RunningMock = Awaited<ReturnType<MockModule['startMock']>>;

export const distIndex = new URL('../../dist/index.js', import.meta.url);

export function loadMock(): Promise<MockModule> {
  return import(distIndex.href) as Promise<MockModule>;
}

/** One JSON line on stdout: the announcement, a progress report or an answer. */
export function say(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Closes the mock and exits on SIGTERM, as the bench stops its children. */
export function closeOnSigterm(mock: { close(): Promise<void> }): void {
  process.on('SIGTERM', () => {
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

// --- Requests the bench sends, to the mock and to the others alike -------------------

/** Every bnpl-payment-order request carries it: the mock needs a bearer token, and Prism enforces the scheme. */
export const ledgerHeaders = { authorization: 'Bearer bench', 'content-type': 'application/json' };
export const ownerNo = '1';
export const ordersPath = `/ledger/bnpl-payment-order/v1/${ownerNo}/bnpl-payment-orders`;

/**
 * A valid create (201): one profile without sub profiles, so its payment method is
 * chosen at creation (D-08) and the sandbox can approve it at once.
 */
export function createOrderBody(authorizationAmount: number, sellerAuthorizationId: string) {
  return {
    authorizationAmount,
    currency: 'SEK',
    sellerAuthorizationId,
    customer: {
      nationalConsumerIdentifier: { value: 'YYYYMMDD-XXXX', countryCode: 'SE' },
      email: 'example@payex.com',
      msisdn: '+46701234567',
    },
    pointOfSale: 'bnpl-kit bench',
    mcc: '1234',
    restrictToProfiles: [{ profileName: 'BA_PartPayment' }],
  };
}

/** Where Order Processing is served (OP-D-01); Prism serves its paths without it. */
export const orderProcessingBase = '/cl/merchant-gateway-service';
/** A merchant with the default configuration (partial settles allowed). */
export const merchantId = 'bf62723f-f664-4527-b95b-4dfee33e427d';

/** The headers of every Order Processing request (OP-D-02); a POST adds its own `idempotency-key`. */
export const orderProcessingHeaders = {
  'ocp-apim-subscription-key': 'bench-key',
  'context-merchantid': merchantId,
  'context-tenantid': 'bnpl-kit-bench',
  'client-session-id': 'bench-session',
  'content-type': 'application/json',
};

/** `{ value, currencyCode: 'GBP' }`, an amount as a request carries it. */
export const gbp = (value: number) => ({ value, currencyCode: 'GBP' });
