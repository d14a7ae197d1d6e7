// The Order Processing API as a module of the mock: its pipeline stages (the
// subscription key, the tenant `context-merchantId`, idempotency keys on every POST),
// its routes (the spec's eight operations, its part of the sandbox control API, the
// SCA widget page) and its records in the store: authorisations with their
// transactions and reversals as children, refunds as children of transactions,
// per-merchant customer credit, SCA and access tokens. Handlers translate between
// HTTP and the pure decisions of authorisations.ts and sca.ts; each POST is one
// `commit`, atomic whatever the store and replayed for a repeated idempotency key.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Money } from '../../../lib/money.ts';
import {
  type CompiledSpec,
  compileSpec,
  operationOf,
  pointerSegments,
  readSpec,
} from '../../../lib/openapi.ts';
import type { ApiContext, ApiModule, MountedApi } from '../../core/api-module.ts';
import type { MockRequest, MockResponse, Route } from '../../core/http.ts';
import { intern } from '../../core/intern.ts';
import { type AmountObject, amountObject, majorUnitsNumber } from '../../core/money-codec.ts';
import {
  type ApiEdge,
  type Committed,
  type OperationContext,
  type OperationHandler,
  operationRoute,
  problemResponse,
} from '../../core/pipeline.ts';
import type { Problem } from '../../core/problems.ts';
import { checkRules, RuleBook } from '../../core/rules.ts';
import type { RecordKey, Snapshot, Write } from '../../core/store.ts';
import {
  authorise,
  type Lifecycles,
  readAuthorisation,
  readCustomerCredit,
  refund,
  reverse,
  settle,
  upwardAdjustment,
} from './authorisations.ts';
import { apiName, catalogOf, rfc9457Dialect, validationDetail } from './dialect.ts';
import { identityPage, resultPage, widgetOutcome, widgetPayload } from './pages.ts';
import {
  type AccessTokenRecord,
  type AuthorisationRecord,
  belongsTo,
  type CreditRecord,
  creditKey,
  type Decided,
  type Refusal,
  type ScaTokenRecord,
  scaTokenRecord,
  type TransactionRecord,
} from './records.ts';
import { customerFor, loadSandboxData, merchantFor, productFor, type SandboxData } from './sandbox-data.ts';
import { completeSca, failSca, initiate, issueAccessToken } from './sca.ts';
import { type OfferedSpendOption, type SpendOptionQuery, spendOptions } from './spend-options.ts';

export { apiName };

/**
 * FAULT SEAM: exists only to test conformance kits against deliberately broken
 * Order Processing servers (test/kit/). Nothing else sets it.
 */
export interface OrderProcessingFaults {
  /** Replaces the lifecycle data the decisions run on (copies with one rule changed). */
  readonly lifecycles?: Partial<Lifecycles>;
  /** An sca-token stays valid after an authorisation used it. */
  readonly scaTokensReusable?: boolean;
  /** Authorise takes an sca-token Initiate never issued, as an exempt one for the amount. */
  readonly scaTokensUnchecked?: boolean;
  /**
   * These operations read their records outside the atomic step, wait (as one awaiting
   * another service between its read and its write would), then decide on what they
   * read and write that over whatever parallel requests wrote meanwhile: lost updates.
   */
  readonly lostUpdates?: readonly LostUpdate[];
  /**
   * The idempotency key is looked up, then, after a wait, the request acts and keeps its
   * answer, in two steps: parallel requests with one key each find it unused and act.
   */
  readonly idempotencyCheckThenAct?: boolean;
}

/** The operations `OrderProcessingFaults.lostUpdates` can make race. */
export type LostUpdate = 'Settle' | 'Reverse' | 'Refund';

/** How long a racing fault waits between its read and its write: long enough for a burst's requests to interleave. */
const faultPauseMs = 25;

export interface OrderProcessingOptions {
  /** subscription key → merchantId. When given, only these keys pass, each for its own merchant. */
  readonly keys?: ReadonlyMap<string, string> | undefined;
  /** The test customers, products and merchants (default: mock-rules/sandbox/order-processing.yaml). */
  readonly sandboxData?: string | undefined;
  /** Only for testing conformance kits: the fault seam. */
  readonly faults?: OrderProcessingFaults | undefined;
}

// Record kinds in the store.
const AUTHORISATION = `${apiName}/authorisation`;
const TRANSACTION = `${apiName}/transaction`;
const REVERSAL = `${apiName}/reversal`;
const REFUND = `${apiName}/refund`;
const CREDIT = `${apiName}/credit`;
const SCA_TOKEN = `${apiName}/sca-token`;
const ACCESS_TOKEN = `${apiName}/customer-access-token`;

/** Idempotency keys live 24 hours (OP-D-29). */
const idempotencyTtlMs = 24 * 60 * 60 * 1000;

/** A UUID as a key: RFC 9562 compares UUIDs without regard to case. */
const uuidKey = (id: unknown) => String(id).toLowerCase();

const basePath = '/cl/merchant-gateway-service';

export const orderProcessing: ApiModule<OrderProcessingOptions> = {
  name: apiName,
  async mount(context: ApiContext, options: OrderProcessingOptions): Promise<MountedApi> {
    const [spec, data] = await Promise.all([compileSpec(apiName), loadSandboxData(options.sandboxData)]);
    // Several records per authorisation, a million authorisations in a long-lived sandbox
    // (issue 11); credit and access tokens, one per customer and read on every call, stay objects.
    context.store.keepPacked?.([AUTHORISATION, SCA_TOKEN, TRANSACTION, REVERSAL, REFUND]);
    const dialect = rfc9457Dialect(catalogOf(spec.document));
    const rules = new RuleBook(
      await checkRules(context.ruleFiles, {
        name: apiName,
        spec,
        catalog: dialect.catalog,
        creatingOperationId: 'Authorise',
        matches: ['merchantId', 'customerRef', 'authorisation'],
      }),
    );
    return mountOrderProcessing(context, {
      spec,
      data,
      rules,
      keys: options.keys,
      dialect,
      faults: options.faults,
    });
  },
};

function mountOrderProcessing(
  context: ApiContext,
  loaded: {
    spec: CompiledSpec;
    data: SandboxData;
    rules: RuleBook;
    keys: ReadonlyMap<string, string> | undefined;
    dialect: ReturnType<typeof rfc9457Dialect>;
    faults: OrderProcessingFaults | undefined;
  },
): MountedApi {
  const { store, ids, sandboxSpec } = context;
  const { spec, data, rules, keys, dialect, faults } = loaded;
  // FAULT SEAM (test/kit/ only): other lifecycle data, sca-tokens that stay valid or go unchecked.
  const lifecycles = faults?.lifecycles === undefined ? {} : { lifecycles: faults.lifecycles };

  const merchantOf = (request: MockRequest): string | undefined => {
    const header = request.headers['context-merchantid'];
    return typeof header === 'string' && header !== '' ? header.toLowerCase() : undefined;
  };
  const edge: ApiEdge = {
    api: apiName,
    dialect,
    ids,
    rules,
    store,
    now: context.now,
    validationDetail,
    authenticate: (request) => authenticate(request, keys),
    tenant: (request) => {
      const merchantId = merchantOf(request);
      return merchantId === undefined ? undefined : { name: 'merchantId', value: merchantId };
    },
    idempotency: {
      header: 'idempotency-key',
      ttlMs: idempotencyTtlMs,
      // FAULT SEAM: with idempotencyCheckThenAct the key is looked up, then used after a pause.
      ...(faults?.idempotencyCheckThenAct ? { checkThenAct: () => sleep(faultPauseMs) } : {}),
    },
    facets: (parameters) => ({
      customerRef: typeof parameters.path.customerRef === 'string' ? parameters.path.customerRef : undefined,
    }),
    // For rules' `authorisation` matchers: the Authorise request as it was sent (amount in
    // pounds), and only of the merchant's and customer's own authorisation, so that a
    // trigger never reveals another's (OP-D-27).
    lookup: async (tenant, parameters) => {
      if (parameters.path.authorisationId === undefined) return undefined;
      const found = await store.get<AuthorisationRecord>(
        AUTHORISATION,
        uuidKey(parameters.path.authorisationId),
      );
      if (
        found === undefined ||
        tenant === undefined ||
        !belongsTo(found, tenant.value, String(parameters.path.customerRef))
      ) {
        return undefined;
      }
      return { ...found.request, amount: encode(found.request.amount) };
    },
  };

  const problem = (p: Problem): MockResponse => problemResponse(dialect, ids, p);
  const fromRefusal = (refusal: Refusal): Problem => ({
    name: refusal.problem,
    detail:
      refusal.problem === 'validation'
        ? `${validationDetail} ${capitalize(refusal.detail)}.`
        : `${capitalize(refusal.detail)}.`,
    ...(refusal.pointer === undefined
      ? {}
      : {
          violations: [
            {
              in: 'body',
              // A URI fragment (`#/spendOptionId`): percent-decoded, then read as a JSON Pointer.
              at: pointerSegments(decodeURIComponent(refusal.pointer.slice(1))),
              keyword: 'rule',
              message: `${capitalize(refusal.detail)}.`,
            },
          ],
        }),
  });
  const refused = (refusal: Refusal): Committed => ({
    outcome: { problem: fromRefusal(refusal) },
    writes: [],
  });
  const put = (kind: string, key: string, tenant: string, value: unknown, parent?: string): Write => ({
    kind,
    key,
    api: apiName,
    tenant,
    value,
    ...(parent === undefined ? {} : { parent }),
  });
  const money = (amount: AmountObject): Money => {
    const parsed = amountObject.decode(amount);
    // The contract's schema (GBP, 0.01–100000.00, 2 decimals) has already passed, so this cannot fail.
    if (!parsed.ok) throw new Error(`${apiName}: a validated amount did not parse: ${parsed.reason}`);
    return parsed.money;
  };
  const encode = (pence: number): AmountObject =>
    amountObject.encode({ minor: pence as Money['minor'], currency: 'GBP' });

  const route = (operationId: string, handle: OperationHandler): Route =>
    operationRoute(edge, operationOf(spec, operationId), handle);

  /** Commits a decision's records, or refuses with its refusal. */
  /** An SCA token written back under its own id, as its merchant's record (merchant ids are kept lower case). */
  const putScaToken = (token: ScaTokenRecord): Write =>
    put(SCA_TOKEN, token.scaToken, token.merchantId, token);
  const decided = <T>(
    result: Decided<T>,
    writes: (value: T) => Write[],
    answer: (value: T) => unknown,
  ): Committed =>
    result.ok
      ? { outcome: { status: 200, json: answer(result.value) }, writes: writes(result.value) }
      : refused(result.refusal);

  // --- spend options ---

  const offered = (option: OfferedSpendOption) => {
    const { illustration, ...rest } = option;
    return illustration === undefined
      ? rest
      : {
          ...rest,
          illustration: {
            monthlyPayment: encode(illustration.monthlyPayment),
            interestToPay: encode(illustration.interestToPay),
            totalRepayable: encode(illustration.totalRepayable),
          },
        };
  };
  const queryOf = (query: Readonly<Record<string, unknown>>): SpendOptionQuery => ({
    promoOnly: query.promoOnly === true,
    zeroPercentOnly: query.zeroPercentOnly === true,
    spendType: query.spendType as SpendOptionQuery['spendType'],
    orderBy: query.orderBy as SpendOptionQuery['orderBy'],
  });
  const basket = (query: Readonly<Record<string, unknown>>) => {
    const parsed = majorUnitsNumber.decode(query.basketAmount as number, 'GBP');
    if (!parsed.ok) throw new Error(`${apiName}: a validated basketAmount did not parse: ${parsed.reason}`);
    return parsed.money.minor;
  };
  const spendOptionsForProduct = route('SpendOptionsForProduct', ({ parameters: { query } }) => {
    const product = productFor(data, String(query.productId));
    return {
      status: 200,
      json: { options: spendOptions(product.options, basket(query), queryOf(query), false).map(offered) },
    };
  });
  const spendOptionsForCustomerRef = route(
    'SpendOptionsForCustomerRef',
    ({ parameters: { path, query } }) => {
      const product = productFor(data, customerFor(data, String(path.customerRef)).productId);
      return {
        status: 200,
        json: { options: spendOptions(product.options, basket(query), queryOf(query), true).map(offered) },
      };
    },
  );

  // --- initiate and authorise ---

  const accessTokenKey = (header: Readonly<Record<string, string>>): RecordKey => ({
    kind: ACCESS_TOKEN,
    key: header['customer-access-token'] ?? '',
  });
  const creditKeyOf = (merchantId: string, customerRef: string): RecordKey => ({
    kind: CREDIT,
    key: creditKey(merchantId, customerRef),
  });
  /**
   * The tenant of a validated request: its context-merchantId, lower case, one shared copy
   * per merchant (records keep it: a million authorisations need not a million copies).
   */
  const merchantIdOf = (header: Readonly<Record<string, string>>) =>
    intern(uuidKey(header['context-merchantId']));

  const initiateRoute = route(
    'Initiate',
    ({ parameters: { path, header }, body, commit, request: incoming }) => {
      const merchantId = merchantIdOf(header);
      const mockBase = context.baseUrl(incoming);
      const customerRef = intern(String(path.customerRef));
      const request = body as { amount: AmountObject; spendOptionId?: string; exemptionOverride?: boolean };
      const scaToken = `sca_${ids.uuid().replaceAll('-', '')}`;
      const accessKey = accessTokenKey(header);
      return commit([accessKey], (snapshot) =>
        decided(
          initiate({
            merchantId,
            customerRef,
            accessToken: snapshot.get<AccessTokenRecord>(accessKey.kind, accessKey.key),
            customer: customerFor(data, customerRef),
            merchant: merchantFor(data, merchantId),
            request: {
              amount: money(request.amount),
              spendOptionId: request.spendOptionId,
              exemptionOverride: request.exemptionOverride,
            },
            scaToken,
            mockBase,
          }),
          (value) => [putScaToken(value.scaToken)],
          (value) => value.answer,
        ),
      );
    },
  );

  const authoriseRoute = route('Authorise', ({ parameters: { path, header }, body, commit }) => {
    const merchantId = merchantIdOf(header);
    const customerRef = intern(String(path.customerRef));
    const request = body as {
      amount: AmountObject;
      orderReference: string;
      spendOptionId?: string;
      description?: string;
      verificationId?: string;
    };
    const authorisationId = ids.uuid();
    const accessKey = accessTokenKey(header);
    const scaKey: RecordKey = { kind: SCA_TOKEN, key: header['sca-token'] ?? '' };
    const credit = creditKeyOf(merchantId, customerRef);
    const customer = customerFor(data, customerRef);
    // FAULT SEAM: with scaTokensUnchecked a token Initiate never issued passes as an exempt one.
    const unissued = (): ScaTokenRecord | undefined =>
      faults?.scaTokensUnchecked
        ? scaTokenRecord(
            { scaToken: scaKey.key, merchantId, customerRef, amount: money(request.amount).minor },
            'exempt',
          )
        : undefined;
    return commit([accessKey, scaKey, credit], (snapshot) =>
      decided(
        authorise({
          merchantId,
          customerRef,
          accessToken: snapshot.get<AccessTokenRecord>(accessKey.kind, accessKey.key),
          scaToken: snapshot.get<ScaTokenRecord>(scaKey.kind, scaKey.key) ?? unissued(),
          customer,
          product: productFor(data, customer.productId),
          credit: snapshot.get<CreditRecord>(credit.kind, credit.key),
          request: {
            amount: money(request.amount),
            orderReference: request.orderReference,
            spendOptionId: request.spendOptionId,
            description: request.description,
            verificationId: request.verificationId,
          },
          authorisationId,
          ...lifecycles,
        }),
        (value) => [
          put(AUTHORISATION, authorisationId, merchantId, value.authorisation),
          put(CREDIT, credit.key, merchantId, value.credit),
          // FAULT SEAM: with scaTokensReusable the used token is not written back as used.
          ...(faults?.scaTokensReusable ? [] : [putScaToken(value.scaToken)]),
        ],
        (value) => value.answer,
      ),
    );
  });

  // --- the float: upward adjustment, settle, reverse; refunds ---

  /**
   * FAULT SEAM: an operation's `commit`, or with `lostUpdates` naming it, one that reads
   * the records outside the atomic step, pauses, and commits what it decided on them.
   */
  const racing = (operationId: LostUpdate, commit: OperationContext['commit']): OperationContext['commit'] =>
    faults?.lostUpdates?.includes(operationId)
      ? async (keys, decide) => {
          const read = await Promise.all(keys.map((k) => store.get(k.kind, k.key)));
          await sleep(faultPauseMs);
          const stale: Snapshot = {
            get: <T>(kind: string, key: string) =>
              read[keys.findIndex((k) => k.kind === kind && k.key === key)] as T | undefined,
          };
          return commit(keys, () => decide(stale));
        }
      : commit;

  const authorisationKey = (path: Readonly<Record<string, unknown>>): RecordKey => ({
    kind: AUTHORISATION,
    key: uuidKey(path.authorisationId),
  });

  const upwardAdjustmentRoute = route(
    'UpwardAdjustment',
    ({ parameters: { path, header }, body, commit }) => {
      const merchantId = merchantIdOf(header);
      const customerRef = intern(String(path.customerRef));
      const accessKey = accessTokenKey(header);
      const authorisation = authorisationKey(path);
      const credit = creditKeyOf(merchantId, customerRef);
      return commit([accessKey, authorisation, credit], (snapshot) =>
        decided(
          upwardAdjustment({
            merchantId,
            customerRef,
            authorisationId: String(path.authorisationId),
            accessToken: snapshot.get<AccessTokenRecord>(accessKey.kind, accessKey.key),
            authorisation: snapshot.get<AuthorisationRecord>(authorisation.kind, authorisation.key),
            customer: customerFor(data, customerRef),
            credit: snapshot.get<CreditRecord>(credit.kind, credit.key),
            request: { amount: money((body as { amount: AmountObject }).amount) },
            ...lifecycles,
          }),
          (value) => [
            put(AUTHORISATION, authorisation.key, merchantId, value.authorisation),
            put(CREDIT, credit.key, merchantId, value.credit),
          ],
          (value) => value.answer,
        ),
      );
    },
  );

  const settleRoute = route('Settle', ({ parameters: { path, header }, body, commit }) => {
    const merchantId = merchantIdOf(header);
    const customerRef = intern(String(path.customerRef));
    const request = body as { amount: AmountObject; description?: string };
    const authorisation = authorisationKey(path);
    const credit = creditKeyOf(merchantId, customerRef);
    const transactionId = ids.uuid();
    return racing('Settle', commit)([authorisation, credit], (snapshot) =>
      decided(
        settle({
          merchantId,
          customerRef,
          authorisationId: String(path.authorisationId),
          authorisation: snapshot.get<AuthorisationRecord>(authorisation.kind, authorisation.key),
          merchant: merchantFor(data, merchantId),
          credit: snapshot.get<CreditRecord>(credit.kind, credit.key),
          request: { amount: money(request.amount), description: request.description },
          transactionId,
          ...lifecycles,
        }),
        (value) => [
          put(AUTHORISATION, authorisation.key, merchantId, value.authorisation),
          put(TRANSACTION, transactionId, merchantId, value.transaction, authorisation.key),
          put(CREDIT, credit.key, merchantId, value.credit),
        ],
        (value) => value.answer,
      ),
    );
  });

  const reverseRoute = route('Reverse', ({ parameters: { path, header }, body, commit }) => {
    const merchantId = merchantIdOf(header);
    const customerRef = intern(String(path.customerRef));
    const authorisation = authorisationKey(path);
    const credit = creditKeyOf(merchantId, customerRef);
    const authorisationReversalId = ids.uuid();
    return racing('Reverse', commit)([authorisation, credit], (snapshot) =>
      decided(
        reverse({
          merchantId,
          customerRef,
          authorisationId: String(path.authorisationId),
          authorisation: snapshot.get<AuthorisationRecord>(authorisation.kind, authorisation.key),
          merchant: merchantFor(data, merchantId),
          credit: snapshot.get<CreditRecord>(credit.kind, credit.key),
          request: { amount: money((body as { amount: AmountObject }).amount) },
          authorisationReversalId,
          ...lifecycles,
        }),
        (value) => [
          put(AUTHORISATION, authorisation.key, merchantId, value.authorisation),
          put(REVERSAL, authorisationReversalId, merchantId, value.reversal, authorisation.key),
          put(CREDIT, credit.key, merchantId, value.credit),
        ],
        (value) => ({
          authorisationReversalId: value.answer.authorisationReversalId,
          remainingFloat: encode(value.answer.remainingFloat),
        }),
      ),
    );
  });

  const refundRoute = route('Refund', ({ parameters: { path, header }, body, commit }) => {
    const merchantId = merchantIdOf(header);
    const customerRef = intern(String(path.customerRef));
    const request = body as { amount: AmountObject; description?: string };
    const transaction: RecordKey = { kind: TRANSACTION, key: uuidKey(path.transactionId) };
    const credit = creditKeyOf(merchantId, customerRef);
    const refundTransactionId = ids.uuid();
    return racing('Refund', commit)([transaction, credit], (snapshot) => {
      const current = snapshot.get<TransactionRecord>(transaction.kind, transaction.key);
      return decided(
        refund({
          merchantId,
          customerRef,
          transactionId: String(path.transactionId),
          transaction: current,
          merchant: merchantFor(data, merchantId),
          credit: snapshot.get<CreditRecord>(credit.kind, credit.key),
          request: { amount: money(request.amount), description: request.description },
          refundTransactionId,
          ...lifecycles,
        }),
        (value) => [
          // A transaction stays a child of its authorisation; the refund is a child of the transaction.
          put(
            TRANSACTION,
            transaction.key,
            merchantId,
            value.transaction,
            uuidKey(value.transaction.authorisationId),
          ),
          put(REFUND, refundTransactionId, merchantId, value.refund, transaction.key),
          put(CREDIT, credit.key, merchantId, value.credit),
        ],
        (value) => value.answer,
      );
    });
  });

  // --- the sandbox control API (spec/sandbox-control.yaml) ---

  // The sandbox control API: no rules, nobody to authenticate, no idempotency keys.
  const { idempotency: _idempotency, ...apiEdge } = edge;
  const sandboxEdge: ApiEdge = {
    ...apiEdge,
    rules: new RuleBook([]),
    authenticate: () => undefined,
    tenant: (request) => {
      const header = request.headers['context-merchantid'];
      const merchantId =
        request.params.merchantId ??
        request.query.get('merchantId') ??
        (typeof header === 'string' && header !== '' ? header : undefined);
      return merchantId === undefined ? undefined : { name: 'merchantId', value: merchantId.toLowerCase() };
    },
  };
  const sandboxRoute = (operationId: string, handle: OperationHandler): Route =>
    operationRoute(sandboxEdge, operationOf(sandboxSpec, operationId), handle);
  const scaStep = (operationId: string, step: typeof completeSca) =>
    sandboxRoute(operationId, ({ body, commit }) => {
      const { scaToken } = body as { scaToken: string };
      return commit([{ kind: SCA_TOKEN, key: scaToken }], (snapshot) => {
        const token = snapshot.get<ScaTokenRecord>(SCA_TOKEN, scaToken);
        return decided(
          step(token, scaToken),
          (value) => [putScaToken(value.scaToken)],
          (value) => value.answer,
        );
      });
    });
  const sandbox: Route[] = [
    sandboxRoute('issueCustomerAccessToken', ({ params, commit }) => {
      const customerRef = String(params.customerRef);
      const issued = issueAccessToken(customerRef, `cat_${ids.uuid().replaceAll('-', '')}`);
      // Bound to the customer, not to a merchant: a merchant's reset keeps it (OP-D-36).
      return commit([], () => ({
        outcome: { status: 200, json: issued.answer },
        writes: [put(ACCESS_TOKEN, issued.token.customerAccessToken, '', issued.token)],
      }));
    }),
    scaStep('completeSca', completeSca),
    scaStep('failSca', failSca),
    sandboxRoute('getOrderProcessingAuthorisation', async ({ params }) => {
      const key = uuidKey(params.authorisationId);
      const view = readAuthorisation({
        merchantId: String(params.merchantId),
        authorisationId: String(params.authorisationId),
        authorisation: await store.get<AuthorisationRecord>(AUTHORISATION, key),
        transactions: await store.children<TransactionRecord>(TRANSACTION, key),
      });
      if (!view.ok) return problem(fromRefusal(view.refusal));
      const { authorised, settled, reversed, remainingFloat, transactions, ...rest } = view.value;
      return {
        status: 200,
        json: {
          ...rest,
          authorised: encode(authorised),
          settled: encode(settled),
          reversed: encode(reversed),
          remainingFloat: encode(remainingFloat),
          transactions: transactions.map((t) => ({
            transactionId: t.transactionId,
            settled: encode(t.settled),
            refunded: encode(t.refunded),
          })),
        },
      };
    }),
    sandboxRoute('getOrderProcessingCustomer', async ({ params, parameters, problem }) => {
      const customerRef = String(params.customerRef);
      // The query's merchant, else the header an Order Processing client sends anyway (OP-D-39).
      const named = parameters.query.merchantId ?? parameters.header['context-merchantId'];
      if (named === undefined) {
        return problem({
          name: 'validation',
          detail: `${validationDetail} Name the merchant whose credit to show: ?merchantId=<uuid> or the context-merchantId header.`,
          violations: [
            { in: 'query', at: ['merchantId'], keyword: 'required', message: 'merchantId is required.' },
          ],
        });
      }
      const merchantId = uuidKey(named);
      const credit = await store.get<CreditRecord>(CREDIT, creditKey(merchantId, customerRef));
      const view = readCustomerCredit(customerFor(data, customerRef), credit, String(named));
      return {
        status: 200,
        json: {
          ...view,
          creditLimit: encode(view.creditLimit),
          availableCredit: encode(view.availableCredit),
        },
      };
    }),
  ];

  // --- the SCA widget page ---

  const html = (status: number, text: string): MockResponse => ({ status, text });
  // sca.ts's widgetPath(brand), with the brand as a route parameter.
  const widgetRoutePath = '/_sandbox/pages/order-processing/:brand/identity';
  const pages: Route[] = [
    {
      name: 'page sca widget',
      api: apiName,
      method: 'GET',
      path: widgetRoutePath,
      handle: async (request) => {
        const scaToken = request.query.get('scaToken') ?? '';
        const token = scaToken === '' ? undefined : await store.get<ScaTokenRecord>(SCA_TOKEN, scaToken);
        return html(
          token === undefined ? 404 : 200,
          identityPage({
            brand: request.params.brand ?? '',
            scaToken,
            redirectUri: request.query.get('redirect_uri') ?? undefined,
            token:
              token === undefined
                ? undefined
                : { amount: { minor: token.amount, currency: 'GBP' }, status: token.status },
          }),
        );
      },
    },
    {
      name: 'page sca widget step',
      api: apiName,
      method: 'POST',
      path: widgetRoutePath,
      handle: async (request) => {
        const form = request.body.kind === 'form' ? request.body.value : new URLSearchParams();
        const scaToken = form.get('scaToken') ?? '';
        const outcome = widgetOutcome({
          action: form.get('action') ?? undefined,
          code: form.get('code') ?? undefined,
        });
        const step = outcome === 'authenticated' ? completeSca : failSca;
        type StepDone = { ok: true } | { ok: false; detail: string };
        const done = await store.atomically<StepDone>([{ kind: SCA_TOKEN, key: scaToken }], (snapshot) => {
          const result = step(snapshot.get<ScaTokenRecord>(SCA_TOKEN, scaToken), scaToken);
          return result.ok
            ? {
                result: { ok: true },
                writes: [putScaToken(result.value.scaToken)],
              }
            : { result: { ok: false, detail: result.refusal.detail }, writes: [] };
        });
        // A token that could not take the step (used, failed, unknown) is reported as a failure.
        const payload = done.ok
          ? widgetPayload(scaToken, outcome)
          : widgetPayload(scaToken, 'failed', `${capitalize(done.detail)}.`);
        return html(
          200,
          resultPage({
            brand: request.params.brand ?? '',
            payload,
            redirectUri: form.get('redirect_uri') ?? undefined,
          }),
        );
      },
    },
  ];

  const routes = [
    spendOptionsForProduct,
    spendOptionsForCustomerRef,
    initiateRoute,
    authoriseRoute,
    upwardAdjustmentRoute,
    settleRoute,
    reverseRoute,
    refundRoute,
  ];
  return {
    name: apiName,
    dialect,
    validationDetail,
    routes: [...routes, ...sandbox, ...pages],
    // Without a trailing slash, so that the base path itself answers in this API's dialect too.
    prefixes: [basePath, '/_sandbox/order-processing', '/_sandbox/pages/order-processing'],
    tenantName: 'merchantId',
    normalizeTenant: (merchantId) => merchantId.toLowerCase(),
    resetCount: 'authorisationsRemoved',
    about: {
      name: apiName,
      title: 'Order Processing (NewDay)',
      revision: spec.revision,
      base: basePath,
      contract: `/openapi/${apiName}.yaml`,
    },
    rules: rules.list(),
    contracts: [{ file: `${apiName}.yaml`, load: () => readSpec(apiName) }],
    banner: [`API       {url}${basePath} (Order Processing ${spec.revision}; test customer 123456789)`],
    reset: (merchantId) =>
      store.clear(
        merchantId === undefined ? { api: apiName } : { api: apiName, tenant: merchantId.toLowerCase() },
        AUTHORISATION,
      ),
    restoreRules: () => rules.restore(),
    close: () => undefined,
  };
}

/**
 * The subscription key (OP-D-02): required; with a keys file, only a bound key passes,
 * and only for its own merchant.
 */
function authenticate(
  request: MockRequest,
  keys: ReadonlyMap<string, string> | undefined,
): Problem | undefined {
  const header = request.headers['ocp-apim-subscription-key'];
  const key = typeof header === 'string' ? header.trim() : '';
  if (key === '') {
    return { name: 'unauthorized', detail: 'The Ocp-Apim-Subscription-Key header is missing or empty.' };
  }
  if (keys === undefined) return undefined;
  const bound = keys.get(key);
  if (bound === undefined) return { name: 'unauthorized', detail: 'The subscription key is not valid.' };
  const merchantId = request.headers['context-merchantid'];
  if (typeof merchantId === 'string' && merchantId.toLowerCase() !== bound.toLowerCase()) {
    return { name: 'unauthorized', detail: `The subscription key is not valid for merchant ${merchantId}.` };
  }
  return undefined;
}

/** "#/amount/value" → ["amount", "value"]. */
/** A detail as a sentence: capitalised, unless it opens with an identifier (`sca-token …`). */
function capitalize(text: string): string {
  const trimmed = text.replace(/\.$/, '');
  if (/^[a-z]+[-_]/.test(trimmed)) return trimmed;
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
