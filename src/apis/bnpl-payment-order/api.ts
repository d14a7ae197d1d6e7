// The bnpl-payment-order API as a module of the mock: its pipeline stages (bearer
// auth with optional token binding, the tenant `ownerNo` from the path), its routes
// (the spec's operations, its part of the sandbox control API, the customer's
// pages) and its records in the store: orders, and captures and reversals as their
// children. Handlers translate between HTTP and the pure order functions of
// orders.ts; every read-decide-write on an order is one `commit`, atomic whatever
// the store, so parallel captures can never move more money than the rules allow.
import { setTimeout as sleep } from 'node:timers/promises';
import { bnplPaymentOrderLifecycle } from '../../../generated/bnpl-payment-order.lifecycle.ts';
import { type Currency, format, type MinorUnits, type Money, toMajor } from '../../../lib/money.ts';
import {
  type CompiledSpec,
  compileSpec,
  expectedRange,
  operationOf,
  readSpec,
  revisionsOf,
} from '../../../lib/openapi.ts';
import type { ApiContext, ApiModule, MountedApi, ServedContract } from '../../core/api-module.ts';
import type { MockRequest, MockResponse, Route } from '../../core/http.ts';
import { intern } from '../../core/intern.ts';
import type { AnyLifecycle, CommandInput } from '../../core/lifecycle.ts';
import { majorUnitsNumber } from '../../core/money-codec.ts';
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
import { nextIdNow, type Snapshot, type Store, type Write } from '../../core/store.ts';
import { apiName, catalog, ledgerDialect, validationDetail } from './dialect.ts';
import {
  allowedProfiles,
  type CaptureRecord,
  type CaptureRequest,
  type ChosenPaymentMethod,
  type CreateRequest,
  createOrder,
  isAllowed,
  machineOf,
  moneyInput,
  type Order,
  type ReversalRecord,
  type ReversalRequest,
  type RuleName,
  renderCaptureText,
  renderOrder,
  renderOrderText,
  renderReversal,
  requestOf,
  type ScriptedCustomer,
  shared,
  step,
} from './orders.ts';
import { checkoutPage, choosePage, type PageModel, pageLanguage, pageText } from './pages.ts';

export { apiName, catalog };

/** Seams that exist only to test conformance kits against deliberately broken servers. */
export interface Faults {
  /** Replaces the lifecycle data (e.g. a copy without the capture guard). */
  readonly lifecycle?: AnyLifecycle;
  /** Rewrites a response of a spec operation just before it is sent. */
  readonly respond?: (context: {
    readonly operationId: string;
    readonly status: number;
    readonly body: unknown;
    readonly order?: {
      readonly authorizationMinor: number;
      readonly captures: readonly { readonly minor: number }[];
      readonly reversals: readonly { readonly minor: number }[];
    };
  }) => { readonly status?: number; readonly body?: unknown; readonly contentType?: string } | undefined;
  /** Awaits this long between deciding a capture/reversal and storing it, so parallel requests race. */
  readonly commitDelayMs?: number;
}

export interface BnplOptions {
  /** The revision to serve (default: the latest). */
  readonly revision?: string | undefined;
  /** token → ownerNo. When given, only these tokens pass, each for its own ownerNo (D-16). */
  readonly tokens?: ReadonlyMap<string, string> | undefined;
  readonly faults?: Faults | undefined;
}

// Record kinds in the store.
const ORDER = `${apiName}/order`;
const CAPTURE = `${apiName}/capture`;
const REVERSAL = `${apiName}/reversal`;

const orderKey = (ownerNo: unknown, paymentOrderId: unknown) =>
  `${String(ownerNo)}/${Number(paymentOrderId)}`;

/** Reads an order without waiting when the store can (the in-memory one), so polling GETs stay cheap. */
function readOrder(store: Store, key: string): Order | undefined | Promise<Order | undefined> {
  return store.peek === undefined ? store.get<Order>(ORDER, key) : store.peek<Order>(ORDER, key);
}

/** Every revision's contract, and the served one under the plain name. */
async function contractsOf(served: string): Promise<ServedContract[]> {
  const out: ServedContract[] = [{ file: `${apiName}.yaml`, load: () => readSpec(apiName, served) }];
  for (const revision of await revisionsOf(apiName)) {
    out.push({ file: `${apiName}.${revision}.yaml`, load: () => readSpec(apiName, revision) });
  }
  return out;
}

export const bnplPaymentOrder: ApiModule<BnplOptions> = {
  name: apiName,
  async mount(context: ApiContext, options: BnplOptions): Promise<MountedApi> {
    // An order may gather captures and reversals without end, read back only by rules; orders
    // themselves stay objects, which the GET path renders from and caches by identity.
    context.store.keepPacked?.([CAPTURE, REVERSAL]);
    const spec = await compileSpec(
      apiName,
      options.revision === undefined ? {} : { revision: options.revision },
    );
    const rules = new RuleBook(
      await checkRules(context.ruleFiles, {
        name: apiName,
        spec,
        catalog,
        creatingOperationId: 'createBnplPaymentOrder',
        matches: ['ownerNo', 'order'],
      }),
    );
    const mounted = mountBnpl(context, spec, rules, options);
    return { ...mounted, contracts: await contractsOf(spec.revision) };
  },
};

function mountBnpl(
  context: ApiContext,
  spec: CompiledSpec,
  rules: RuleBook,
  options: BnplOptions,
): Omit<MountedApi, 'contracts'> {
  const { store, ids, sandboxSpec } = context;
  const { faults, tokens } = options;
  const lc = faults?.lifecycle ?? bnplPaymentOrderLifecycle;
  // What the served revision shows: `instore` on orders from 2026-02-17.
  const orderSchema = spec.document.components?.schemas?.BnplPaymentOrder?.properties as object | undefined;
  const showsInstore = orderSchema !== undefined && 'instore' in orderSchema;
  const timers = new Set<NodeJS.Timeout>();

  const edge: ApiEdge = {
    api: apiName,
    dialect: ledgerDialect,
    ids,
    rules,
    store,
    now: context.now,
    validationDetail,
    authenticate: (request) => authenticate(request, tokens),
    tenant: (request) =>
      request.params.ownerNo === undefined ? undefined : { name: 'ownerNo', value: request.params.ownerNo },
    lookup: async (tenant, parameters) =>
      ((order) => (order === undefined ? undefined : requestOf(order)))(
        await store.get<Order>(ORDER, orderKey(tenant?.value, parameters.path.paymentOrderId)),
      ),
  };
  const problem = (p: Problem): MockResponse => problemResponse(ledgerDialect, ids, p);
  const notFound = (ownerNo: unknown, paymentOrderId: unknown): Problem => ({
    name: 'not-found',
    detail: `Payment order ${String(paymentOrderId)} was not found for owner ${String(ownerNo)}.`,
  });
  const unchanged = (p: Problem): Committed => ({ outcome: { problem: p }, writes: [] });
  const put = (order: Order): Write => ({
    kind: ORDER,
    key: orderKey(order.ownerNo, order.paymentOrderId),
    api: apiName,
    tenant: order.ownerNo,
    value: order,
  });

  /**
   * The problem for a rule the lifecycle refused: the document's own range message in
   * `Problems` (D-01, D-06), and a `Detail` and `Title` that say the cause in words.
   */
  const refused = (
    rule: RuleName,
    order: Order,
    input: CommandInput,
    command: Command,
    /** Where the client reached us, for the ChoosePaymentMethodUrl (the listen address when unknown). */
    base = context.baseUrl(),
  ): Problem => {
    const q = machineOf(order).quantities;
    const money = (minor: number) => ({ minor: minor as MinorUnits, currency: order.currency });
    const major = (minor: number) => toMajor(money(minor));
    const shown = (minor: number) => format(money(minor));
    const definition = lc.rules[rule] as
      | { readonly problem?: string; readonly parameter?: string }
      | undefined;
    const name = definition?.problem ?? 'validation';
    const parameter = definition?.parameter ?? 'body';
    const id = `Payment order ${order.paymentOrderId}`;
    const invalid = (detail: string, message: string): Problem => ({
      name,
      detail,
      violations: [{ in: 'body', at: [parameter], keyword: 'rule', message }],
    });
    const asked = Number(input.amount);
    switch (rule) {
      case 'capture-exceeds-remaining-amount':
        return invalid(
          order.status !== 'Authorized'
            ? `${id} is ${order.status}: nothing is authorized to capture.`
            : q.remainingAmount === 0
              ? `${id} has nothing left to capture (remainingAmount is 0).`
              : `${id} has ${shown(q.remainingAmount)} left to capture; the capture asks for ${shown(asked)}.`,
          expectedRange(0.01, major(q.remainingAmount), major(asked)),
        );
      case 'reversal-exceeds-reversible-amount': {
        const reversible = q.capturedAmount - q.reversedAmount;
        return invalid(
          reversible === 0
            ? `${id} has no captured amount left to reverse.`
            : `${id} has ${shown(reversible)} captured and not yet reversed; the reversal asks for ${shown(asked)}.`,
          expectedRange(0.01, major(reversible), major(asked)),
        );
      }
      case 'currency-mismatch':
        return invalid(
          `${id} is in ${order.currency}; the ${command === 'capture' ? 'capture' : 'reversal'} is in ${String(input.currency)}.`,
          `Expected the payment order's currency [${order.currency}] actual [${String(input.currency)}]`,
        );
      case 'profile-not-allowed': {
        const allowed = allowedProfiles(requestOf(order)).map((p) => p.profileName);
        return invalid(
          `That payment method is not one ${id.toLowerCase()} offers (${allowed.join(', ')}).`,
          `Expected one of [${allowed.join(', ')}] with one of its sub profiles`,
        );
      }
      case 'payment-method-not-chosen': {
        // Where the customer can choose (DECISIONS.md D-08), and back to the shop afterwards.
        const query = new URLSearchParams({
          ...(typeof input.returnUrl === 'string' ? { returnUrl: input.returnUrl } : {}),
          ...(typeof input.languageCode === 'string' ? { languageCode: input.languageCode } : {}),
        });
        const back = query.size === 0 ? '' : `?${query}`;
        return {
          name,
          ...(command === 'redirect' ? {} : { title: 'Unable to approve before choosing a payment method' }),
          detail: `No payment method has been chosen for payment order ${order.paymentOrderId}.`,
          extensions: { ChoosePaymentMethodUrl: `${base}${pagePath(order)}/choose${back}` },
        };
      }
      case 'order-not-awaiting-customer':
        return {
          name,
          title: notAwaitingTitles[command] ?? 'The payment order no longer awaits the customer',
          detail: `${id} is ${order.status} and no longer awaits the customer.`,
        };
    }
  };

  /** Applies the fault seam to a spec operation's answer. */
  const answer = async (operationId: string, response: MockResponse, ctx: OperationContext) => {
    if (faults?.respond === undefined) return response;
    const key = orderKey(ctx.params.ownerNo, ctx.params.paymentOrderId);
    const order = await store.get<Order>(ORDER, key);
    const minors = async (kind: string) =>
      (await store.children<CaptureRecord | ReversalRecord>(kind, key)).map((r) => ({
        minor: r.money.minor,
      }));
    const rewrite = faults.respond({
      operationId,
      status: response.status,
      body:
        response.json ??
        (response.jsonText === undefined ? undefined : JSON.parse(String(response.jsonText))),
      ...(order === undefined
        ? {}
        : {
            order: {
              authorizationMinor: order.authorizationAmount,
              captures: await minors(CAPTURE),
              reversals: await minors(REVERSAL),
            },
          }),
    });
    if (rewrite === undefined) return response;
    const { jsonText: _replaced, ...rest } = response;
    return {
      ...rest,
      status: rewrite.status ?? response.status,
      json: 'body' in rewrite ? rewrite.body : (rest.json ?? JSON.parse(String(response.jsonText))),
      ...(rewrite.contentType === undefined ? {} : { contentType: rewrite.contentType }),
    };
  };

  const route = (operationId: string, handle: OperationHandler): Route =>
    operationRoute(edge, operationOf(spec, operationId), (ctx) => {
      if (faults?.respond === undefined) return handle(ctx);
      return Promise.resolve(handle(ctx)).then((r) => answer(operationId, r, ctx));
    });

  const parseAmount = (value: number, currency: Currency, parameter: string): Money | Problem => {
    const parsed = majorUnitsNumber.decode(value, currency);
    if (parsed.ok) return parsed.money;
    return {
      name: 'validation',
      detail: validationDetail,
      violations: [{ in: 'body', at: [parameter], keyword: 'money', message: `${parsed.reason}.` }],
    };
  };

  // --- the customer's part, shared by the control API, the pages and scripted rules ---

  type CustomerStep = 'choosePaymentMethod' | 'authorize' | 'reject' | 'fail';
  type CustomerResult = { ok: true; order: Order } | { ok: false; problem: Problem };
  const customer = (
    ownerNo: unknown,
    paymentOrderId: unknown,
    command: CustomerStep,
    choice?: ChosenPaymentMethod,
    base?: string,
  ): Promise<CustomerResult> => {
    const key = orderKey(ownerNo, paymentOrderId);
    return store.atomically<CustomerResult>([{ kind: ORDER, key }], (snapshot: Snapshot) => {
      const order = snapshot.get<Order>(ORDER, key);
      if (order === undefined) {
        return { result: { ok: false, problem: notFound(ownerNo, paymentOrderId) }, writes: [] };
      }
      const input = choice === undefined ? {} : { profileAllowed: isAllowed(requestOf(order), choice) };
      const result = step(lc, order, command, input);
      if (!result.ok) {
        return {
          result: { ok: false, problem: refused(result.rule, order, input, command, base) },
          writes: [],
        };
      }
      const next = choice === undefined ? result.value : { ...result.value, chosen: shared(choice) };
      return { result: { ok: true, order: next }, writes: [put(next)] };
    });
  };

  const outcomeCommand = { approve: 'authorize', decline: 'reject', fail: 'fail' } as const;
  const runScript = (order: Order, script: ScriptedCustomer) => {
    const apply = () =>
      customer(order.ownerNo, order.paymentOrderId, outcomeCommand[script.outcome]).catch((error: unknown) =>
        context.warn({ err: error, rule: script.rule }, 'a scripted customer step failed'),
      );
    if (script.afterMs === 0) return apply();
    const timer = setTimeout(() => {
      timers.delete(timer);
      void apply();
    }, script.afterMs);
    timer.unref();
    timers.add(timer);
    return Promise.resolve();
  };

  // --- the spec's operations ---

  const create = route('createBnplPaymentOrder', ({ params, body, rule, commit }) => {
    const request = body as CreateRequest;
    const amount = parseAmount(request.authorizationAmount, request.currency, 'authorizationAmount');
    if (!('minor' in amount)) return problem(amount);
    const script = rule?.then.customer
      ? { outcome: rule.then.customer.outcome, afterMs: rule.then.customer.afterMs ?? 0, rule: rule.name }
      : undefined;
    return withId(nextIdNow(store, ORDER, 1_000_000_001), (paymentOrderId) => {
      const created = createOrder(lc, {
        // One shared copy of the owner's name for all of its orders (issue 11).
        ownerNo: intern(String(params.ownerNo)),
        paymentOrderId,
        request,
        amount,
        script,
        showsInstore,
      });
      if (!created.ok) throw new Error(`${apiName}: create refused by ${created.rule}`);
      const order = created.value;
      return commit([], () => ({
        outcome: { status: 201, jsonText: renderOrderText(lc, order) },
        writes: [put(order)],
      }));
    });
  });

  // Orders are immutable values, so an order's rendered body can be kept until it
  // changes: repeated GETs (polling while the customer decides) skip the rendering,
  // and, kept as bytes, the encoding too.
  const rendered = new WeakMap<Order, Buffer>();
  const renderGet = (order: Order | undefined, params: Readonly<Record<string, unknown>>): MockResponse => {
    if (order === undefined) return problem(notFound(params.ownerNo, params.paymentOrderId));
    if (faults?.respond !== undefined) return { status: 200, json: renderOrder(lc, order) };
    let bytes = rendered.get(order);
    if (bytes === undefined) {
      bytes = Buffer.from(renderOrderText(lc, order));
      rendered.set(order, bytes);
    }
    return { status: 200, jsonText: bytes };
  };
  const get = route('getBnplPaymentOrder', ({ params }) => {
    const order = readOrder(store, orderKey(params.ownerNo, params.paymentOrderId));
    return order instanceof Promise ? order.then((o) => renderGet(o, params)) : renderGet(order, params);
  });

  /** Capture and reversal share one shape: parse, decide, store the order and the new child, render. */
  const moneyMovement = <R extends CaptureRequest | ReversalRequest>(
    operationId: 'createCapture' | 'createReversal',
    command: 'capture' | 'reverse',
    child: (id: number, money: Money, request: R) => { kind: string; key: string; value: object },
    /** The answer's JSON text. */
    render: (order: Order, value: object) => string,
  ) =>
    route(operationId, (ctx) => {
      const { params } = ctx;
      const request = ctx.body as R;
      const money = parseAmount(request.amount, request.currency, 'amount');
      if (!('minor' in money)) return problem(money);
      const key = orderKey(params.ownerNo, params.paymentOrderId);
      return withId(nextIdNow(store, command === 'capture' ? CAPTURE : REVERSAL, 1), (id) => {
        const decide = (order: Order | undefined): Committed => {
          if (order === undefined) return unchanged(notFound(params.ownerNo, params.paymentOrderId));
          const result = step(lc, order, command, moneyInput(money));
          if (!result.ok) return unchanged(refused(result.rule, order, moneyInput(money), command));
          const record = child(id, money, request);
          return {
            outcome: { status: 201, jsonText: render(result.value, record.value) },
            writes: [
              put(result.value),
              {
                kind: record.kind,
                key: record.key,
                api: apiName,
                tenant: result.value.ownerNo,
                parent: key,
                value: record.value,
              },
            ],
          };
        };
        if (faults?.commitDelayMs) {
          // The racing fault: read, decide, wait, then write blindly, as a store without atomicity would.
          const delay = faults.commitDelayMs;
          return store.get<Order>(ORDER, key).then(async (order) => {
            const decided = decide(order);
            await sleep(delay);
            return ctx.commit([], () => decided);
          });
        }
        return ctx.commit([{ kind: ORDER, key }], (snapshot) => decide(snapshot.get<Order>(ORDER, key)));
      });
    });

  const capture = moneyMovement<CaptureRequest>(
    'createCapture',
    'capture',
    (captureId, money, request) => ({
      kind: CAPTURE,
      key: String(captureId),
      value: { captureId, money, request } satisfies CaptureRecord,
    }),
    (order, value) => renderCaptureText(order, value as CaptureRecord),
  );

  const reversal = moneyMovement<ReversalRequest>(
    'createReversal',
    'reverse',
    (reversalId, money, request) => ({
      kind: REVERSAL,
      key: String(reversalId),
      value: { reversalId: String(reversalId), money, request } satisfies ReversalRecord,
    }),
    (order, value) => JSON.stringify(renderReversal(order, value as ReversalRecord)),
  );

  const cancelAuthorize = route('createCancelAuthorize', ({ params, commit }) => {
    const key = orderKey(params.ownerNo, params.paymentOrderId);
    return commit([{ kind: ORDER, key }], (snapshot) => {
      const order = snapshot.get<Order>(ORDER, key);
      if (order === undefined) return unchanged(notFound(params.ownerNo, params.paymentOrderId));
      const result = step(lc, order, 'cancelAuthorize', {});
      if (!result.ok) return unchanged(refused(result.rule, order, {}, 'cancelAuthorize'));
      return { outcome: { status: 204 }, writes: [put(result.value)] };
    });
  });

  const redirect = route('redirect', async ({ params, body, request }) => {
    const { returnUrl, redirectOptions } = body as {
      returnUrl: string;
      redirectOptions: { languageCode: string };
    };
    const order = await store.get<Order>(ORDER, orderKey(params.ownerNo, params.paymentOrderId));
    if (order === undefined) return problem(notFound(params.ownerNo, params.paymentOrderId));
    const result = step(lc, order, 'redirect', {});
    const base = context.baseUrl(request);
    if (!result.ok) {
      return problem(
        refused(
          result.rule,
          order,
          { returnUrl, languageCode: redirectOptions.languageCode },
          'redirect',
          base,
        ),
      );
    }
    const query = new URLSearchParams({ returnUrl, languageCode: redirectOptions.languageCode });
    if (order.script !== undefined) await runScript(order, order.script);
    return { status: 200, json: { redirectUrl: `${base}${pagePath(order)}/checkout?${query}` } };
  });

  // --- the sandbox control API (spec/sandbox-control.yaml) ---

  // The sandbox control API: no rules, and nobody to authenticate.
  const sandboxEdge: ApiEdge = { ...edge, rules: new RuleBook([]), authenticate: () => undefined };
  const sandboxOperation = (operationId: string) => operationOf(sandboxSpec, operationId);
  const customerControl = (operationId: string, command: CustomerStep): Route =>
    operationRoute(sandboxEdge, sandboxOperation(operationId), async ({ params, body, request }) => {
      const result = await customer(
        params.ownerNo,
        params.paymentOrderId,
        command,
        body as ChosenPaymentMethod | undefined,
        context.baseUrl(request),
      );
      return result.ok ? { status: 200, json: renderOrder(lc, result.order) } : problem(result.problem);
    });
  const sandbox: Route[] = [
    customerControl('choosePaymentMethod', 'choosePaymentMethod'),
    customerControl('approve', 'authorize'),
    customerControl('decline', 'reject'),
    customerControl('fail', 'fail'),
  ];

  // --- the customer's pages ---

  const pageModel = (order: Order): PageModel => {
    // The shop's request is kept as JSON text: read once.
    const request = requestOf(order);
    return {
      paymentOrderId: order.paymentOrderId,
      status: order.status,
      amount: format({
        minor: order.authorizationAmount as MinorUnits,
        currency: order.currency,
      }),
      pointOfSale: request.pointOfSale,
      profiles: allowedProfiles(request),
      chosen: order.chosen,
      basePath: pagePath(order),
    };
  };
  const pageParams = (params: Readonly<Record<string, string | undefined>>) => ({
    ownerNo: params.ownerNo ?? '',
    paymentOrderId: Number(params.paymentOrderId),
  });
  const html = (status: number, text: string): MockResponse => ({ status, text });
  const seeOther = (location: string): MockResponse => ({ status: 303, headers: { location } });
  const safeReturnUrl = (value: string | null | undefined): string | undefined =>
    value && /^https?:\/\//i.test(value) ? value : undefined;
  const pageBase = '/_sandbox/pages/bnpl-payment-order/:ownerNo/:paymentOrderId';
  const findPage = async (request: MockRequest) => {
    const { ownerNo, paymentOrderId } = pageParams(request.params);
    return {
      ownerNo,
      paymentOrderId,
      order: await store.get<Order>(ORDER, orderKey(ownerNo, paymentOrderId)),
    };
  };

  /** A page's form post: one customer step, then back to the shop (or to the page). */
  const formStep = (
    action: string,
    page: 'choose' | 'checkout',
    command: CustomerStep,
    error: 'cannotChoose' | 'noLongerAwaits',
    choiceOf?: (form: URLSearchParams) => ChosenPaymentMethod,
  ): Route => ({
    name: `page ${action}`,
    api: apiName,
    method: 'POST',
    path: `${pageBase}/${action}`,
    handle: async (request) => {
      const { ownerNo, paymentOrderId } = pageParams(request.params);
      const form = request.body.kind === 'form' ? request.body.value : new URLSearchParams();
      const result = await customer(
        ownerNo,
        paymentOrderId,
        command,
        choiceOf?.(form),
        context.baseUrl(request),
      );
      const returnUrl = safeReturnUrl(form.get('returnUrl'));
      const languageCode = pageLanguage(form.get('languageCode'));
      if (result.ok) {
        const back = new URLSearchParams({ languageCode });
        return seeOther(returnUrl ?? `${pagePath(result.order)}/${page}?${back}`);
      }
      // The refusal page keeps the way back to the shop, whatever went wrong.
      const { order } = await findPage(request);
      const render = page === 'choose' ? choosePage : checkoutPage;
      const status = ledgerDialect.catalog[result.problem.name as keyof typeof catalog]?.status ?? 400;
      return html(
        status,
        render(order && pageModel(order), { returnUrl, languageCode, error: pageText(languageCode, error) }),
      );
    },
  });

  const pages: Route[] = [
    {
      name: 'page checkout',
      api: apiName,
      method: 'GET',
      path: `${pageBase}/checkout`,
      handle: async (request) => {
        const { order } = await findPage(request);
        const languageCode = request.query.get('languageCode');
        if (order === undefined) return html(404, checkoutPage(undefined, { languageCode }));
        return html(
          200,
          checkoutPage(pageModel(order), {
            returnUrl: safeReturnUrl(request.query.get('returnUrl')),
            languageCode,
          }),
        );
      },
    },
    {
      name: 'page choose',
      api: apiName,
      method: 'GET',
      path: `${pageBase}/choose`,
      handle: async (request) => {
        const { order } = await findPage(request);
        const languageCode = request.query.get('languageCode');
        if (order === undefined) return html(404, choosePage(undefined, { languageCode }));
        return html(
          200,
          choosePage(pageModel(order), {
            returnUrl: safeReturnUrl(request.query.get('returnUrl')),
            languageCode,
          }),
        );
      },
    },
    formStep('choose', 'choose', 'choosePaymentMethod', 'cannotChoose', (form) => {
      const [profileName = '', subProfileName] = (form.get('choice') ?? '').split('/');
      return subProfileName ? { profileName, subProfileName } : { profileName };
    }),
    formStep('checkout/approve', 'checkout', 'authorize', 'noLongerAwaits'),
    formStep('checkout/decline', 'checkout', 'reject', 'noLongerAwaits'),
  ];

  return {
    name: apiName,
    dialect: ledgerDialect,
    validationDetail,
    routes: [create, get, capture, reversal, cancelAuthorize, redirect, ...sandbox, ...pages],
    prefixes: [
      '/ledger/bnpl-payment-order/',
      '/_sandbox/bnpl-payment-order/',
      '/_sandbox/pages/bnpl-payment-order/',
    ],
    tenantName: 'ownerNo',
    resetCount: 'ordersRemoved',
    about: {
      name: apiName,
      title: 'bnpl-payment-order (PayEx ledger)',
      revision: spec.revision,
      base: '/ledger/bnpl-payment-order/v1/{ownerNo}/bnpl-payment-orders',
      contract: `/openapi/${apiName}.yaml`,
    },
    rules: rules.list(),
    banner: [
      `API       {url}/ledger/bnpl-payment-order/v1/{ownerNo}/bnpl-payment-orders (revision ${spec.revision})`,
    ],
    reset: (ownerNo) =>
      store.clear(ownerNo === undefined ? { api: apiName } : { api: apiName, tenant: ownerNo }, ORDER),
    restoreRules: () => rules.restore(),
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** Bearer auth (D-16): a token is required; with a tokens file, only for its own ownerNo. */
function authenticate(
  request: MockRequest,
  tokens: ReadonlyMap<string, string> | undefined,
): Problem | undefined {
  const token = bearerToken(request);
  if (token === undefined) {
    return { name: 'unauthorized', detail: "The Authorization header must be 'Bearer <token>'." };
  }
  if (tokens === undefined) return undefined;
  const bound = tokens.get(token);
  if (bound === undefined) return { name: 'unauthorized', detail: 'The bearer token is not valid.' };
  const ownerNo = request.params.ownerNo;
  if (ownerNo !== undefined && bound !== ownerNo) {
    return { name: 'unauthorized', detail: `The bearer token is not valid for owner ${ownerNo}.` };
  }
  return undefined;
}

/** Extracts the bearer token, or undefined when the header is missing or malformed. */
export function bearerToken(request: MockRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

type Command = Parameters<typeof step>[2];

/** Titles of the refusals of steps that need an order still awaiting the customer, per step. */
const notAwaitingTitles: Partial<Record<Command, string>> = {
  redirect: 'Unable to redirect: the payment order no longer awaits the customer',
  choosePaymentMethod: 'Unable to choose a payment method: the payment order no longer awaits the customer',
  authorize: 'Unable to approve: the payment order no longer awaits the customer',
  reject: 'Unable to decline: the payment order no longer awaits the customer',
  fail: 'Unable to fail the customer step: the payment order no longer awaits the customer',
};

/** Runs `then` with an id that may already be known (the in-memory store) or still on its way. */
function withId<T>(id: number | Promise<number>, then: (id: number) => T | Promise<T>): T | Promise<T> {
  return typeof id === 'number' ? then(id) : id.then(then);
}

function pagePath(order: Order): string {
  return `/_sandbox/pages/bnpl-payment-order/${encodeURIComponent(order.ownerNo)}/${order.paymentOrderId}`;
}
