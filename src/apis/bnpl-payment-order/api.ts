// The bnpl-payment-order API on the mock: its routes (the spec's operations, the
// sandbox control API and the customer's pages), its problem catalog, and the
// in-memory store of orders per ownerNo. Handlers translate between HTTP and the
// pure order functions in orders.ts. Every read-decide-write on an order runs
// without an `await` in between, so parallel requests on one order are atomic.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Currency,
  format,
  type MinorUnits,
  type Money,
  parseMajor,
  toMajor,
} from '../../../lib/money.ts';
import { type CompiledSpec, expectedRange } from '../../../lib/openapi.ts';
import type { MockResponse, Route } from '../../core/http.ts';
import type { IdSource } from '../../core/ids.ts';
import type { Journal } from '../../core/journal.ts';
import type { AnyLifecycle, CommandInput } from '../../core/lifecycle.ts';
import { type ApiEdge, type OperationContext, operationRoute, problemResponse } from '../../core/pipeline.ts';
import { type ProblemDomain, transportProblems, validationDetail } from '../../core/problems.ts';
import type { RuleBook } from '../../core/rules.ts';
import {
  allowedProfiles,
  append,
  type CaptureRequest,
  type ChosenPaymentMethod,
  type CreateRequest,
  createOrder,
  entries,
  isAllowed,
  moneyInput,
  type Order,
  orderPath,
  type ReversalRequest,
  type RuleName,
  renderCapture,
  renderOrder,
  renderReversal,
  type ScriptedCustomer,
  step,
} from './orders.ts';
import { checkoutPage, choosePage, type PageModel } from './pages.ts';

export const apiName = 'bnpl-payment-order';

/** The closed catalog of problems this API answers (DECISIONS.md D-17, D-18). */
export const catalog = {
  ...transportProblems,
  'invalid-payment-method': { status: 409, title: 'Unable to redirect before choosing a payment method' },
} as const;
export type ProblemName = keyof typeof catalog;

export const domain: ProblemDomain<ProblemName> = {
  typePrefix: 'ledger/bnpl-payment-order/v1/problems/',
  catalog,
};

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

export interface BnplApiOptions {
  readonly spec: CompiledSpec;
  readonly sandboxSpec: CompiledSpec;
  readonly lifecycle: AnyLifecycle;
  readonly ids: IdSource;
  readonly rules: RuleBook;
  readonly tokens: ReadonlyMap<string, string> | undefined;
  readonly journal: Journal;
  readonly faults: Faults | undefined;
  /** The mock's base URL, known once it listens (for redirectUrl). */
  baseUrl(): string;
}

export interface BnplApi {
  readonly routes: readonly Route[];
  /** Forgets every order (or one owner's); returns how many were removed. */
  reset(ownerNo?: string): number;
  /** Cancels scheduled customer outcomes. */
  close(): void;
}

export function bnplPaymentOrderApi(options: BnplApiOptions): BnplApi {
  const { spec, sandboxSpec, ids, faults } = options;
  // What the served revision shows: `instore` on orders from 2026-02-17.
  const showsInstore =
    spec.document.components?.schemas?.BnplPaymentOrder?.properties !== undefined &&
    'instore' in (spec.document.components.schemas.BnplPaymentOrder.properties as object);
  const lc = faults?.lifecycle ?? options.lifecycle;
  const orders = new Map<string, Map<number, Order>>();
  const timers = new Set<NodeJS.Timeout>();

  const find = (ownerNo: unknown, paymentOrderId: unknown): Order | undefined =>
    orders.get(String(ownerNo))?.get(Number(paymentOrderId));
  const store = (order: Order) => {
    let owned = orders.get(order.ownerNo);
    if (owned === undefined) {
      owned = new Map();
      orders.set(order.ownerNo, owned);
    }
    owned.set(order.paymentOrderId, order);
  };

  const edge: ApiEdge<ProblemName> = {
    domain,
    ids,
    rules: options.rules,
    tokens: options.tokens,
    lookup: (params) => find(params.ownerNo, params.paymentOrderId)?.request,
  };
  const problem = (
    name: ProblemName,
    detail: string,
    problems?: Record<string, string[]>,
    extra?: Record<string, string>,
  ): MockResponse => {
    const response = problemResponse(domain, ids, name, detail, problems);
    return extra === undefined ? response : { ...response, json: { ...(response.json as object), ...extra } };
  };
  const notFound = (ownerNo: unknown, paymentOrderId: unknown) =>
    problem(
      'not-found',
      `Payment order ${String(paymentOrderId)} was not found for owner ${String(ownerNo)}.`,
    );

  /** The answer for a rule the lifecycle refused, in the document's words where it has them. */
  const refused = (rule: RuleName, order: Order, input: CommandInput): MockResponse => {
    const q = order.machine.quantities;
    const major = (minor: number) => toMajor({ minor: minor as MinorUnits, currency: order.currency });
    const definition = lc.rules[rule];
    const name = (definition?.problem ?? 'validation') as ProblemName;
    const parameter = definition?.parameter ?? 'body';
    switch (rule) {
      case 'capture-exceeds-remaining-amount':
        return problem(name, validationDetail, {
          [parameter]: [expectedRange(0.01, major(q.remainingAmount), major(Number(input.amount)))],
        });
      case 'reversal-exceeds-reversible-amount':
        return problem(name, validationDetail, {
          [parameter]: [
            expectedRange(0.01, major(q.capturedAmount - q.reversedAmount), major(Number(input.amount))),
          ],
        });
      case 'currency-mismatch':
        return problem(name, validationDetail, {
          [parameter]: [
            `Expected the payment order's currency [${order.currency}] actual [${String(input.currency)}]`,
          ],
        });
      case 'profile-not-allowed':
        return problem(name, validationDetail, {
          [parameter]: [
            `Expected one of [${allowedProfiles(order.request)
              .map((p) => p.profileName)
              .join(', ')}] with one of its sub profiles`,
          ],
        });
      case 'payment-method-not-chosen': {
        // Where the customer can choose (DECISIONS.md D-08), and back to the shop afterwards.
        const back =
          typeof input.returnUrl === 'string'
            ? `?${new URLSearchParams({ returnUrl: input.returnUrl })}`
            : '';
        return problem(
          name,
          `No payment method has been chosen for payment order ${order.paymentOrderId}.`,
          undefined,
          { ChoosePaymentMethodUrl: `${options.baseUrl()}${pagePath(order)}/choose${back}` },
        );
      }
      case 'order-not-awaiting-customer':
        return problem(
          name,
          `Payment order ${order.paymentOrderId} is ${order.machine.status} and no longer awaits the customer.`,
        );
    }
  };

  /** Applies the fault seam, then returns the response. */
  const answer = (operationId: string, response: MockResponse, context: OperationContext): MockResponse => {
    if (faults?.respond === undefined) return response;
    const order = find(context.params.ownerNo, context.params.paymentOrderId);
    const rewrite = faults.respond({
      operationId,
      status: response.status,
      body: response.json,
      ...(order === undefined
        ? {}
        : {
            order: {
              authorizationMinor: order.machine.quantities.authorizationAmount,
              captures: entries(order.captures).map((c) => ({ minor: c.money.minor })),
              reversals: entries(order.reversals).map((r) => ({ minor: r.money.minor })),
            },
          }),
    });
    if (rewrite === undefined) return response;
    return {
      ...response,
      status: rewrite.status ?? response.status,
      json: 'body' in rewrite ? rewrite.body : response.json,
      ...(rewrite.contentType === undefined ? {} : { contentType: rewrite.contentType }),
    };
  };

  const parseAmount = (value: number, currency: Currency, parameter: string): Money | MockResponse => {
    const parsed = parseMajor(value, currency);
    if (parsed.ok) return parsed.money;
    return problem('validation', validationDetail, {
      [parameter]: [`The amount ${value} cannot be used: ${parsed.reason}.`],
    });
  };

  const operation = (operationId: string) => {
    const compiled = spec.operations.get(operationId);
    if (compiled === undefined) throw new Error(`${apiName}: the spec has no operation ${operationId}`);
    return compiled;
  };
  const route = (
    operationId: string,
    handle: (context: OperationContext) => MockResponse | Promise<MockResponse>,
  ) =>
    operationRoute(edge, operation(operationId), (context) => {
      // Synchronous handlers stay synchronous: no promise on the hot GET path.
      const response = handle(context);
      return response instanceof Promise
        ? response.then((r) => answer(operationId, r, context))
        : answer(operationId, response, context);
    });

  // --- the customer's part, shared by the control API, the pages and scripted rules ---

  type CustomerStep = 'choosePaymentMethod' | 'authorize' | 'reject' | 'fail';
  const customer = (
    ownerNo: unknown,
    paymentOrderId: unknown,
    command: CustomerStep,
    choice?: ChosenPaymentMethod,
  ): { ok: true; order: Order } | { ok: false; response: MockResponse } => {
    const order = find(ownerNo, paymentOrderId);
    if (order === undefined) return { ok: false, response: notFound(ownerNo, paymentOrderId) };
    const input = choice === undefined ? {} : { profileAllowed: isAllowed(order.request, choice) };
    const result = step(lc, order, command, input);
    if (!result.ok) return { ok: false, response: refused(result.rule, order, input) };
    const next = choice === undefined ? result.value : { ...result.value, chosen: choice };
    store(next);
    return { ok: true, order: next };
  };

  const outcomeCommand = { approve: 'authorize', decline: 'reject', fail: 'fail' } as const;
  const runScript = (order: Order, script: ScriptedCustomer) => {
    const apply = () => customer(order.ownerNo, order.paymentOrderId, outcomeCommand[script.outcome]);
    if (script.afterMs === 0) {
      apply();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      apply();
    }, script.afterMs);
    timer.unref();
    timers.add(timer);
  };

  // --- the spec's operations ---

  const create = route('createBnplPaymentOrder', ({ params, body, rule }) => {
    const request = body as CreateRequest;
    const amount = parseAmount(request.authorizationAmount, request.currency, 'authorizationAmount');
    if (!('minor' in amount)) return amount;
    const script = rule?.then.customer
      ? { outcome: rule.then.customer.outcome, afterMs: rule.then.customer.afterMs ?? 0, rule: rule.name }
      : undefined;
    const created = createOrder(lc, {
      ownerNo: String(params.ownerNo),
      paymentOrderId: ids.next('paymentOrder'),
      request,
      amount,
      script,
      showsInstore,
    });
    if (!created.ok) throw new Error(`${apiName}: create refused by ${created.rule}`);
    store(created.value);
    return { status: 201, json: renderOrder(lc, created.value) };
  });

  // Orders are immutable values, so an order's rendered body can be kept until it
  // changes: repeated GETs (polling while the customer decides) skip the rendering.
  const rendered = new WeakMap<Order, Buffer>();
  const get = route('getBnplPaymentOrder', ({ params }) => {
    const order = find(params.ownerNo, params.paymentOrderId);
    if (order === undefined) return notFound(params.ownerNo, params.paymentOrderId);
    if (faults?.respond !== undefined) return { status: 200, json: renderOrder(lc, order) };
    let text = rendered.get(order);
    if (text === undefined) {
      text = Buffer.from(JSON.stringify(renderOrder(lc, order)));
      rendered.set(order, text);
    }
    return { status: 200, jsonText: text };
  });

  /** Capture and reversal share one shape: parse, decide, (maybe race), store, render. */
  const moneyMovement = <R extends CaptureRequest | ReversalRequest>(
    operationId: 'createCapture' | 'createReversal',
    command: 'capture' | 'reverse',
    record: (order: Order, money: Money, request: R) => { order: Order; json: unknown },
  ) =>
    route(operationId, async ({ params, body }) => {
      const request = body as R;
      const order = find(params.ownerNo, params.paymentOrderId);
      if (order === undefined) return notFound(params.ownerNo, params.paymentOrderId);
      const money = parseAmount(request.amount, request.currency, 'amount');
      if (!('minor' in money)) return money;
      const result = step(lc, order, command, moneyInput(money));
      if (!result.ok) return refused(result.rule, order, moneyInput(money));
      const recorded = record(result.value, money, request);
      // Without faults nothing awaits between the read above and this write.
      if (faults?.commitDelayMs) await sleep(faults.commitDelayMs);
      store(recorded.order);
      return { status: 201, json: recorded.json };
    });

  const capture = moneyMovement<CaptureRequest>('createCapture', 'capture', (order, money, request) => {
    const captureRecord = { captureId: ids.next('capture'), money, request };
    const next = { ...order, captures: append(order.captures, captureRecord) };
    return { order: next, json: renderCapture(next, captureRecord) };
  });

  const reversal = moneyMovement<ReversalRequest>('createReversal', 'reverse', (order, money, request) => {
    const reversalRecord = { reversalId: String(ids.next('reversal')), money, request };
    const next = { ...order, reversals: append(order.reversals, reversalRecord) };
    return { order: next, json: renderReversal(next, reversalRecord) };
  });

  const cancelAuthorize = route('createCancelAuthorize', ({ params }) => {
    const order = find(params.ownerNo, params.paymentOrderId);
    if (order === undefined) return notFound(params.ownerNo, params.paymentOrderId);
    const result = step(lc, order, 'cancelAuthorize', {});
    if (!result.ok) return refused(result.rule, order, {});
    store(result.value);
    return { status: 204 };
  });

  const redirect = route('redirect', ({ params, body }) => {
    const order = find(params.ownerNo, params.paymentOrderId);
    if (order === undefined) return notFound(params.ownerNo, params.paymentOrderId);
    const { returnUrl, redirectOptions } = body as {
      returnUrl: string;
      redirectOptions: { languageCode: string };
    };
    const result = step(lc, order, 'redirect', {});
    if (!result.ok) return refused(result.rule, order, { returnUrl });
    const query = new URLSearchParams({ returnUrl, languageCode: redirectOptions.languageCode });
    if (order.script !== undefined) runScript(order, order.script);
    return { status: 200, json: { redirectUrl: `${options.baseUrl()}${pagePath(order)}/checkout?${query}` } };
  });

  // --- the sandbox control API (spec/sandbox-control.yaml) ---

  const sandboxOperation = (operationId: string) => {
    const compiled = sandboxSpec.operations.get(operationId);
    if (compiled === undefined) throw new Error(`sandbox-control: no operation ${operationId}`);
    return compiled;
  };
  const control = (operationId: string, handle: (context: OperationContext) => MockResponse) =>
    operationRoute(edge, sandboxOperation(operationId), handle, { auth: false });
  const customerControl = (operationId: string, command: CustomerStep) =>
    control(operationId, ({ params, body }) => {
      const choice = body as ChosenPaymentMethod | undefined;
      const result = customer(params.ownerNo, params.paymentOrderId, command, choice);
      return result.ok ? { status: 200, json: renderOrder(lc, result.order) } : result.response;
    });

  const reset = (ownerNo?: string): number => {
    let removed = 0;
    if (ownerNo === undefined) {
      for (const owned of orders.values()) removed += owned.size;
      orders.clear();
      options.rules.restore();
    } else {
      removed = orders.get(ownerNo)?.size ?? 0;
      orders.delete(ownerNo);
    }
    options.journal.clear({ tenant: ownerNo });
    return removed;
  };

  const sandbox: Route[] = [
    customerControl('choosePaymentMethod', 'choosePaymentMethod'),
    customerControl('approve', 'authorize'),
    customerControl('decline', 'reject'),
    customerControl('fail', 'fail'),
    control('reset', ({ body }) => {
      const ownerNo = (body as { ownerNo?: string } | undefined)?.ownerNo;
      const ordersRemoved = reset(ownerNo);
      return { status: 200, json: ownerNo === undefined ? { ordersRemoved } : { ordersRemoved, ownerNo } };
    }),
    control('listRequests', ({ request }) => {
      const limitText = request.query.get('limit');
      const limit = limitText === null ? 100 : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        return problem('validation', validationDetail, { limit: ['Expected an integer between [1]-[1000]'] });
      }
      const ownerNo = request.query.get('ownerNo') ?? undefined;
      return { status: 200, json: { entries: options.journal.list(limit, { tenant: ownerNo }) } };
    }),
    control('listTriggers', () => ({
      status: 200,
      json: {
        rules: options.rules.list().map(({ source, ...rule }) => ({ ...rule, source })),
      },
    })),
  ];

  // --- the customer's pages ---

  const pageModel = (order: Order): PageModel => ({
    paymentOrderId: order.paymentOrderId,
    status: order.machine.status,
    amount: format({
      minor: order.machine.quantities.authorizationAmount as MinorUnits,
      currency: order.currency,
    }),
    pointOfSale: order.request.pointOfSale,
    profiles: allowedProfiles(order.request),
    chosen: order.chosen,
    basePath: pagePath(order),
  });
  const pageParams = (params: Readonly<Record<string, string | undefined>>) => ({
    ownerNo: params.ownerNo ?? '',
    paymentOrderId: Number(params.paymentOrderId),
  });
  const html = (status: number, text: string): MockResponse => ({ status, text });
  const seeOther = (location: string): MockResponse => ({ status: 303, headers: { location } });
  const safeReturnUrl = (value: string | null | undefined): string | undefined =>
    value && /^https?:\/\//i.test(value) ? value : undefined;
  const pageBase = '/_sandbox/pages/bnpl-payment-order/:ownerNo/:paymentOrderId';

  /** A page's form post: one customer step, then back to the shop (or to the page). */
  const formStep = (
    action: string,
    page: 'choose' | 'checkout',
    command: CustomerStep,
    error: string,
    choiceOf?: (form: URLSearchParams) => ChosenPaymentMethod,
  ): Route => ({
    method: 'POST',
    path: `${pageBase}/${action}`,
    handle: ({ params, body }) => {
      const { ownerNo, paymentOrderId } = pageParams(params);
      const form = body.kind === 'form' ? body.value : new URLSearchParams();
      const result = customer(ownerNo, paymentOrderId, command, choiceOf?.(form));
      const returnUrl = safeReturnUrl(form.get('returnUrl'));
      if (result.ok) return seeOther(returnUrl ?? `${pagePath(result.order)}/${page}`);
      // The refusal page keeps the way back to the shop, whatever went wrong.
      const order = find(ownerNo, paymentOrderId);
      const render = page === 'choose' ? choosePage : checkoutPage;
      return html(result.response.status, render(order && pageModel(order), { returnUrl, error }));
    },
  });

  const pages: Route[] = [
    {
      method: 'GET',
      path: `${pageBase}/checkout`,
      handle: ({ params, query }) => {
        const { ownerNo, paymentOrderId } = pageParams(params);
        const order = find(ownerNo, paymentOrderId);
        if (order === undefined) return html(404, checkoutPage(undefined, {}));
        return html(
          200,
          checkoutPage(pageModel(order), {
            returnUrl: safeReturnUrl(query.get('returnUrl')),
            languageCode: query.get('languageCode') ?? 'EN',
          }),
        );
      },
    },
    {
      method: 'GET',
      path: `${pageBase}/choose`,
      handle: ({ params, query }) => {
        const { ownerNo, paymentOrderId } = pageParams(params);
        const order = find(ownerNo, paymentOrderId);
        if (order === undefined) return html(404, choosePage(undefined, {}));
        return html(200, choosePage(pageModel(order), { returnUrl: safeReturnUrl(query.get('returnUrl')) }));
      },
    },
    formStep('choose', 'choose', 'choosePaymentMethod', 'That payment method cannot be chosen.', (form) => {
      const [profileName = '', subProfileName] = (form.get('choice') ?? '').split('/');
      return subProfileName ? { profileName, subProfileName } : { profileName };
    }),
    formStep('checkout/approve', 'checkout', 'authorize', 'This order no longer awaits you.'),
    formStep('checkout/decline', 'checkout', 'reject', 'This order no longer awaits you.'),
  ];

  return {
    routes: [create, get, capture, reversal, cancelAuthorize, redirect, ...sandbox, ...pages],
    reset,
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

function pagePath(order: Order): string {
  return `/_sandbox/pages/bnpl-payment-order/${encodeURIComponent(order.ownerNo)}/${order.paymentOrderId}`;
}
