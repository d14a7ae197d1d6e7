// The mock server: wires the API modules, the sandbox, the served contracts and
// docs onto one node:http server on an embedded in-memory store. `startMock` is the
// programmatic API for integrators' tests; the CLI's `mock` command wraps it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import pino from 'pino';
import { bnplPaymentOrderLifecycle } from '../../generated/bnpl-payment-order.lifecycle.ts';
import { type CompiledSpec, compileSpec, specDir } from '../../lib/openapi.ts';
import {
  apiName,
  bnplPaymentOrderApi,
  catalog,
  domain,
  type Faults,
} from '../apis/bnpl-payment-order/api.ts';
import {
  close as closeServer,
  createHttpServer,
  listen,
  type MockResponse,
  type Route,
} from '../core/http.ts';
import { seededIds } from '../core/ids.ts';
import { Journal } from '../core/journal.ts';
import { problemResponse, ruleHeader } from '../core/pipeline.ts';
import { type ActiveRule, checkRules, RuleBook, readRuleFiles } from '../core/rules.ts';

export type { Faults };

/** Request bodies larger than this are not kept in the journal. */
const journalBodyBytes = 16 * 1024;

export const defaultRulesDir = path.resolve(specDir, '../mock-rules');

export interface MockOptions {
  /** 0 picks a free port. Default 4010. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /**
   * Scenario rules: 'default' (the shipped mock-rules/ folder), 'none', a file or
   * folder path, or rule-file objects (`{ api, rules }`) as they would be read.
   */
  readonly rules?: 'default' | 'none' | string | readonly unknown[];
  /** token → ownerNo. When given, only these tokens pass, each for its own ownerNo. */
  readonly tokens?: Readonly<Record<string, string>>;
  /** Seeds ids and problem instances, so runs can be replayed. Default 1. */
  readonly seed?: number;
  /** Log startup and errors (pino, JSON lines on stderr). Default false. */
  readonly log?: boolean;
  /** The bnpl-payment-order revision to serve (default: the latest, 2026-02-17). */
  readonly revision?: string;
  /** Only for testing conformance kits: deliberately broken behaviour. */
  readonly faults?: Faults;
}

export interface RunningMock {
  readonly url: string;
  readonly port: number;
  /** The active scenario rules, in match order. */
  readonly rules: readonly ActiveRule[];
  /** Forgets every order and the journal, or only one owner's. Returns the orders removed. */
  reset(ownerNo?: string): number;
  close(): Promise<void>;
}

const specs = new Map<string, Promise<{ api: CompiledSpec; sandbox: CompiledSpec }>>();
function loadSpecs(revision: string | undefined) {
  const key = revision ?? 'latest';
  let loaded = specs.get(key);
  if (loaded === undefined) {
    loaded = Promise.all([
      compileSpec(apiName, revision === undefined ? {} : { revision }),
      compileSpec('sandbox-control'),
    ]).then(([api, sandbox]) => ({ api, sandbox }));
    // A failed load (an unknown revision) is not cached, so the error is reported each time.
    loaded.catch(() => specs.delete(key));
    specs.set(key, loaded);
  }
  return loaded;
}

async function loadRules(option: MockOptions['rules'], api: CompiledSpec): Promise<ActiveRule[]> {
  const files =
    option === 'none'
      ? []
      : Array.isArray(option)
        ? option.map((data, i) => ({ source: `rules[${i}]`, data }))
        : await readRuleFiles(
            option === undefined || option === 'default' ? defaultRulesDir : (option as string),
          );
  return checkRules(files, {
    name: apiName,
    spec: api,
    catalog,
    creatingOperationId: 'createBnplPaymentOrder',
  });
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const { api: spec, sandbox: sandboxSpec } = await loadSpecs(options.revision);
  const activeRules = await loadRules(options.rules, spec);
  const rules = new RuleBook(activeRules);
  const ids = seededIds(options.seed ?? 1, { paymentOrder: 1_000_000_001, capture: 1, reversal: 1 });
  const journal = new Journal(1000);
  // Errors only: the CLI prints the startup lines itself, and request logs would cost throughput.
  const logger = pino({ enabled: options.log ?? false, level: 'warn' }, pino.destination(2));
  let baseUrl = '';

  const bnpl = bnplPaymentOrderApi({
    spec,
    sandboxSpec,
    lifecycle: bnplPaymentOrderLifecycle,
    ids,
    rules,
    tokens: options.tokens === undefined ? undefined : new Map(Object.entries(options.tokens)),
    journal,
    faults: options.faults,
    baseUrl: () => baseUrl,
  });

  const problem = (
    name: Parameters<typeof problemResponse<keyof typeof catalog>>[2],
    detail: string,
    headers?: Record<string, string>,
  ) => problemResponse(domain, ids, name, detail, undefined, headers);

  const server = createHttpServer({
    routes: [
      ...bnpl.routes,
      ...(await servedDocuments((what) => problem('not-found', `No document at ${what}.`))),
    ],
    notFound: (request) => problem('not-found', `No resource at ${request.method} ${request.path}.`),
    methodNotAllowed: (request, allow) =>
      problem('method-not-allowed', `${request.method} is not allowed on ${request.path}.`, {
        allow: allow.join(', '),
      }),
    payloadTooLarge: () => problem('payload-too-large', 'The request body is over 1 MiB.'),
    onError: (request, error) => {
      logger.error({ err: error, method: request.method, path: request.path }, 'handler failed');
      return problem('fatal', 'An unexpected error has occurred.');
    },
    onResponse: (request, response, route) => {
      if (request.path.startsWith('/_sandbox/requests')) return;
      const json = response.json as { Type?: unknown } | undefined;
      // Plain fields (undefined is left out when listed): this runs on every request.
      journal.add({
        at: Date.now(),
        method: request.method,
        path: request.path,
        api: 'bnpl-payment-order',
        tenant:
          request.params.ownerNo === undefined
            ? undefined
            : { name: 'ownerNo', value: request.params.ownerNo },
        operationId: route,
        status: response.drop ? 0 : response.status,
        durationMs: Math.round((performance.now() - request.receivedAt) * 1000) / 1000,
        rule: response.headers?.[ruleHeader],
        // Bodies are kept only while small, so 1000 entries stay a few MiB at most.
        requestBody:
          request.body.kind !== 'json'
            ? undefined
            : request.bodyBytes <= journalBodyBytes
              ? request.body.value
              : `(${request.bodyBytes} bytes, not kept)`,
        problemType: typeof json?.Type === 'string' ? json.Type : undefined,
      });
    },
  });

  baseUrl = await listen(server, options.port ?? 4010, options.host ?? '127.0.0.1');
  const port = Number(new URL(baseUrl).port);
  logger.info({ url: baseUrl, rules: activeRules.length }, 'bnpl-kit mock listening');
  return {
    url: baseUrl,
    port,
    rules: activeRules,
    reset: (ownerNo) => bnpl.reset(ownerNo),
    async close() {
      bnpl.close();
      await closeServer(server);
    },
  };
}

/** The contracts as files, and a rendered reference at /docs (swagger-ui-dist, no CDN). */
async function servedDocuments(notFound: (what: string) => MockResponse): Promise<Route[]> {
  // The package's folder, not its module: requiring swagger-ui-dist loads its whole
  // browser bundle into the server (tens of MiB) just to learn a path.
  const assetsDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const contracts = ['bnpl-payment-order', 'sandbox-control'];
  const texts = new Map<string, string>();
  for (const name of contracts) texts.set(name, await readFile(path.join(specDir, `${name}.yaml`), 'utf8'));
  const assets: Record<string, string> = {
    'swagger-ui.css': 'text/css; charset=utf-8',
    'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
    'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  };
  const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bnpl-kit · API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  urls: [${contracts.map((c) => `{ url: '/openapi/${c}.yaml', name: '${c}' }`).join(', ')}],
  dom_id: '#ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout'
});
</script></body></html>`;
  return [
    { name: 'docs', method: 'GET', path: '/docs', handle: () => ({ status: 200, text: docsPage }) },
    {
      name: 'docs-asset',
      method: 'GET',
      path: '/docs/:asset',
      handle: async ({ params }) => {
        const asset = params.asset ?? '';
        const type = assets[asset];
        if (type === undefined) return notFound(`/docs/${asset}`);
        return { status: 200, text: await readFile(path.join(assetsDir, asset)), contentType: type };
      },
    },
    {
      name: 'openapi',
      method: 'GET',
      path: '/openapi/:file',
      handle: ({ params }) => {
        const text = texts.get((params.file ?? '').replace(/\.yaml$/, ''));
        if (text === undefined || !params.file?.endsWith('.yaml'))
          return notFound(`/openapi/${params.file ?? ''}`);
        return { status: 200, text, contentType: 'application/yaml; charset=utf-8' };
      },
    },
  ];
}
