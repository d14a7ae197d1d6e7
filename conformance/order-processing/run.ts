// Runs the Order Processing kit against one target, on the engine bnpl-payment-order
// runs on (engine.ts): checks the configuration (the base URL, the adapter, the
// merchant and customer, reachability, the subscription key), lets the adapter clean
// up, runs the suites and returns the report.
import { randomUUID } from 'node:crypto';
import { orderProcessingCatalogue } from '../catalogue.ts';
import { HttpClient } from '../client.ts';
import {
  type CommonRunOptions,
  checkBaseUrl,
  checkReplay,
  defaultRun,
  executeRun,
  newKitCore,
  type ScenarioSuite,
} from '../engine.ts';
import type { KitReport } from '../report/types.ts';
import { ConfigurationError } from '../results.ts';
import { Session } from '../session.ts';
import { Transcript } from '../transcript.ts';
import { loadOrderProcessingAdapter, type OrderProcessingAdapter, resetKit } from './adapter.ts';
import { runOrderProcessingConcurrency } from './concurrency.ts';
import { orderProcessingDialect } from './dialect.ts';
import { runOrderProcessingModel } from './model-suite.ts';
import { runOrderProcessingNegative } from './negative.ts';
import { type OpKit, opRequest, pounds } from './requests.ts';
import { runOrderProcessingSecurity } from './security.ts';
import { loadOrderProcessingSpec, orderProcessingApi } from './spec.ts';
import { defaultBudgetMinor, type OrderProcessingTarget, otherMerchantOf } from './target.ts';

export { orderProcessingApi };

export interface OrderProcessingRunOptions extends CommonRunOptions {
  readonly api: 'order-processing';
  readonly target: OrderProcessingTarget;
  /** `mock`, a module path, or an adapter value (tests). */
  readonly adapter: string | OrderProcessingAdapter;
}

const example = 'http://127.0.0.1:4010/cl/merchant-gateway-service';
const baseUrlHint = `--target is the implementation's base URL up to and including /cl/merchant-gateway-service, e.g. ${example}`;

export async function runOrderProcessing(options: OrderProcessingRunOptions): Promise<KitReport> {
  const started = { at: new Date(), ms: performance.now() };
  checkReplay(options);
  const { target } = options;
  checkBaseUrl(target.baseUrl, example);
  for (const [flag, value] of [
    ['--merchant', target.merchantId],
    ['--tenant', target.tenantId],
    ['--key', target.subscriptionKey],
    ['--customer', target.customerRef],
  ] as const) {
    if (value.trim() === '') throw new ConfigurationError(`${flag} is empty`);
  }
  const budgetMinor = target.budgetMinor ?? defaultBudgetMinor;
  if (!Number.isSafeInteger(budgetMinor) || budgetMinor < 1) {
    throw new ConfigurationError('--budget must be at least 0.01 (pounds)');
  }
  const otherMerchantId = target.otherMerchantId ?? otherMerchantOf(target.merchantId);
  if (otherMerchantId.toLowerCase() === target.merchantId.toLowerCase()) {
    throw new ConfigurationError('--other-merchant must differ from --merchant');
  }
  if (target.otherCustomerRef !== undefined && target.otherCustomerRef === target.customerRef) {
    throw new ConfigurationError('--other-customer must differ from --customer');
  }
  const adapter =
    typeof options.adapter === 'string' ? await loadOrderProcessingAdapter(options.adapter) : options.adapter;
  const spec = await loadOrderProcessingSpec();
  const client = new HttpClient({ baseUrl: target.baseUrl });
  client.redact(target.subscriptionKey, '<subscription key>');
  const kit: OpKit = newKitCore(
    {
      spec,
      dialect: orderProcessingDialect,
      client,
      target: {
        baseUrl: client.baseUrl,
        merchantId: target.merchantId,
        tenantId: target.tenantId,
        subscriptionKey: target.subscriptionKey,
        customerRef: target.customerRef,
        otherCustomerRef: target.otherCustomerRef,
        otherMerchantId,
        budgetMinor,
      },
      adapter,
      clientSessionId: `bnpl-kit-${randomUUID()}`,
      accessTokens: new Map(),
      ledger: { carried: 0 },
    },
    orderProcessingCatalogue,
    options,
  );
  try {
    await probe(kit);
    return await executeRun(
      {
        api: orderProcessingApi,
        revision: spec.revision,
        kit,
        target: {
          baseUrl: target.baseUrl,
          merchantId: target.merchantId,
          tenantId: target.tenantId,
          customerRef: target.customerRef,
          ...(target.otherCustomerRef === undefined ? {} : { otherCustomerRef: target.otherCustomerRef }),
          otherMerchantId,
          budget: pounds(budgetMinor).toFixed(2),
          adapter: typeof options.adapter === 'string' ? options.adapter : '(adapter object)',
        },
        baseUrlHint,
        reset: adapter.reset === undefined ? undefined : () => resetKit(kit),
        runSuite: (suite, onProgress) => runSuite(kit, suite, options, onProgress),
      },
      options,
      started,
    );
  } finally {
    await client.close();
  }
}

function runSuite(
  kit: OpKit,
  suite: ScenarioSuite,
  options: OrderProcessingRunOptions,
  onProgress: (message: string, done: number, total: number) => void,
) {
  switch (suite) {
    case 'model':
      return runOrderProcessingModel(kit, {
        runs: options.runs,
        seed: options.seed,
        path: options.path,
        maxCommands: options.maxCommands ?? defaultRun.maxCommands,
        budgetMs: options.modelBudgetMs ?? defaultRun.modelBudgetMs,
        onProgress,
      });
    case 'negative':
      return runOrderProcessingNegative(kit, { onProgress });
    case 'concurrency':
      return runOrderProcessingConcurrency(kit, {
        ...(options.concurrencyRounds === undefined ? {} : { rounds: options.concurrencyRounds }),
        onProgress,
      });
    case 'security':
      return runOrderProcessingSecurity(kit, { onProgress });
  }
}

/**
 * Tells a configuration problem from a verdict before any suite runs: the customer's
 * spend options (a read, moving nothing) must be reachable, with the subscription key
 * accepted, at the base URL given.
 */
async function probe(kit: OpKit): Promise<void> {
  const session = new Session(kit);
  const request = opRequest(
    session,
    'SpendOptionsForCustomerRef',
    { customerRef: kit.target.customerRef },
    { query: { basketAmount: '100' } },
  );
  const exchange = await kit.client.send(new Transcript(), request);
  const where = `${exchange.request.method} ${exchange.request.path}`;
  if (exchange.response === undefined) {
    throw new ConfigurationError(
      `target ${kit.target.baseUrl} is unreachable: ${exchange.error ?? 'no response'}`,
    );
  }
  const status = exchange.response.status;
  if (status === 401 || status === 403) {
    throw new ConfigurationError(
      `target ${kit.target.baseUrl} refused the subscription key for merchant ${kit.target.merchantId} (${status} on ${where}); check --key and --merchant`,
    );
  }
  if (status === 404 || status === 405) {
    throw new ConfigurationError(
      `target ${kit.target.baseUrl} answered ${status} to ${where}: is the base URL right? ${baseUrlHint}; or is --customer ${kit.target.customerRef} unknown to it?`,
    );
  }
}
