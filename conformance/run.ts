// Runs the conformance kit against one target: checks the configuration (adapter,
// revision, the target's address, reachability, credentials), lets the adapter clean
// up before and after, runs the requested suites in order with the contract checks
// applied to every response (engine.ts), and returns the report. It prints nothing;
// the CLI and the tests decide what to show. bnpl-payment-order runs here; Order
// Processing in order-processing/run.ts, on the same engine.
import { type Adapter, loadAdapter } from './adapter.ts';
import { bnplPaymentOrderDialect } from './bnpl-payment-order/dialect.ts';
import { catalogue } from './catalogue.ts';
import { HttpClient } from './client.ts';
import {
  type CommonRunOptions,
  checkBaseUrl,
  checkReplay,
  defaultRun,
  executeRun,
  newKitCore,
  type ScenarioSuite,
  scenarioSuites,
} from './engine.ts';
import {
  type OrderProcessingRunOptions,
  orderProcessingApi,
  runOrderProcessing,
} from './order-processing/run.ts';
import type { KitReport } from './report/types.ts';
import { ConfigurationError } from './results.ts';
import type { Kit } from './session.ts';
import { apiName, loadSpec } from './spec.ts';
import { runConcurrencySuite } from './suites/concurrency.ts';
import { runModelSuite } from './suites/model.ts';
import { runNegativeSuite } from './suites/negative.ts';
import { runSecuritySuite } from './suites/security.ts';
import { probeTarget, type Target } from './target.ts';

export type { OrderProcessingRunOptions };
export { type ScenarioSuite, scenarioSuites };

/** A bnpl-payment-order run. */
export interface RunOptions extends CommonRunOptions {
  readonly api: string;
  readonly target: Target;
  /** `mock`, a module path, or an Adapter value (tests). */
  readonly adapter: string | Adapter;
}

export const defaults = {
  ...defaultRun,
  profileName: 'BA_PartPayment',
  subProfileNames: ['InstallmentAccount_3', 'InstallmentAccount_12'],
} as const;

/** The APIs the kit certifies. */
export const kitApis = [apiName, orderProcessingApi] as const;

export async function runConformance(options: RunOptions | OrderProcessingRunOptions): Promise<KitReport> {
  if (options.api === orderProcessingApi) return runOrderProcessing(options as OrderProcessingRunOptions);
  return runBnplPaymentOrder(options as RunOptions);
}

async function runBnplPaymentOrder(options: RunOptions): Promise<KitReport> {
  const started = { at: new Date(), ms: performance.now() };
  if (options.api !== apiName) {
    throw new ConfigurationError(
      `the conformance kit knows the APIs ${kitApis.join(', ')}, not ${JSON.stringify(options.api)}`,
    );
  }
  checkReplay(options);
  checkBaseUrl(options.target.baseUrl, 'http://127.0.0.1:4010 (without the /ledger/… path)');
  const adapter = typeof options.adapter === 'string' ? await loadAdapter(options.adapter) : options.adapter;
  const spec = await loadSpec(options.revision);
  const client = new HttpClient({ baseUrl: options.target.baseUrl, token: options.target.token });
  const kit: Kit = newKitCore(
    { spec, dialect: bnplPaymentOrderDialect, client, target: options.target, adapter },
    catalogue,
    options,
  );
  const resetContext = {
    baseUrl: client.baseUrl,
    ownerNo: options.target.ownerNo,
    token: options.target.token,
  };
  try {
    await probeTarget(kit);
    return await executeRun(
      {
        api: apiName,
        revision: spec.revision,
        kit,
        target: {
          baseUrl: options.target.baseUrl,
          ownerNo: options.target.ownerNo,
          otherOwnerNo: options.target.otherOwnerNo,
          adapter: typeof options.adapter === 'string' ? options.adapter : '(adapter object)',
        },
        baseUrlHint:
          '--target is where the implementation is reached, without the API path /ledger/bnpl-payment-order/v1, e.g. http://127.0.0.1:4010',
        reset:
          adapter.reset === undefined
            ? undefined
            : () => (adapter.reset as NonNullable<Adapter['reset']>).call(adapter, resetContext),
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
  kit: Kit,
  suite: ScenarioSuite,
  options: RunOptions,
  onProgress: (message: string, done: number, total: number) => void,
) {
  switch (suite) {
    case 'model':
      return runModelSuite(kit, {
        runs: options.runs,
        seed: options.seed,
        path: options.path,
        maxCommands: options.maxCommands ?? defaults.maxCommands,
        budgetMs: options.modelBudgetMs ?? defaults.modelBudgetMs,
        onProgress,
      });
    case 'negative':
      return runNegativeSuite(kit, { onProgress });
    case 'concurrency':
      return runConcurrencySuite(kit, {
        ...(options.concurrencyRounds === undefined ? {} : { rounds: options.concurrencyRounds }),
        onProgress,
      });
    case 'security':
      return runSecuritySuite(kit, { onProgress });
  }
}
