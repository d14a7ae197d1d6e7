// The mock server: mounts every API module (or those `apis` names) on one node:http
// server over one store (the embedded in-memory store unless another is given, or a
// PostgreSQL database shared by several instances when a URL is), and serves what no
// single API owns: the shared sandbox endpoints (reset, the request journal, the
// triggers), the contracts under /openapi/ and a rendered reference at /docs.
// `startMock` is the programmatic API for integrators' tests; the CLI's `mock` command
// wraps it. A store the server opened itself it also closes.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  compileSpec,
  type OpenApiDocument,
  operationOf,
  readSpec,
  serverBasePath,
} from '../../lib/openapi.ts';
import { mockRulesDir } from '../../lib/paths.ts';
import { stringifyYaml } from '../../lib/yaml.ts';
import { bnplPaymentOrder, type Faults } from '../apis/bnpl-payment-order/api.ts';
import { type OrderProcessingFaults, orderProcessing } from '../apis/order-processing/api.ts';
import type { ApiContext, ApiModule, MountedApi, ServedContract } from '../core/api-module.ts';
import {
  close as closeServer,
  createHttpServer,
  createInjector,
  type HttpApp,
  type InjectRequest,
  type InjectResponse,
  listen,
  type MockRequest,
  type MockResponse,
  type Route,
  reachedOrigin,
} from '../core/http.ts';
import { seededIds } from '../core/ids.ts';
import { type ApiEdge, operationRoute, problemResponse, ruleHeader } from '../core/pipeline.ts';
import type { ProblemDialect } from '../core/problems.ts';
import { type ActiveRule, RuleBook, type RuleFile, readRuleFiles } from '../core/rules.ts';
import { MemoryStore, type Store, StoreUnavailableError } from '../core/store.ts';
import { indexRoutes } from './index-page.ts';

export type { Faults, OrderProcessingFaults };

/** The part of pino's logger the server uses. */
interface Logger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * pino at level warn, loaded on the first warning or error: most runs log nothing, and
 * loading it at start cost a tenth of the cold start (issue 11). Info is below the level.
 */
function lazyPino(): Logger {
  let loaded: Promise<Logger> | undefined;
  const at =
    (level: 'warn' | 'error') =>
    (details: object, message: string): void => {
      loaded ??= import('pino').then(({ default: pino }) => pino({ level: 'warn' }, pino.destination(2)));
      void loaded.then((logger) => logger[level](details, message));
    };
  return { info: () => undefined, warn: at('warn'), error: at('error') };
}

/** Every API the mock can serve, in the order `npm start` mounts them. */
export const apiModules: readonly ApiModule<never>[] = [
  bnplPaymentOrder as ApiModule<never>,
  orderProcessing as ApiModule<never>,
];
export const apiNames = apiModules.map((m) => m.name);

/** Request bodies larger than this are not kept in the journal. */
const journalBodyBytes = 16 * 1024;

export interface MockOptions {
  /** 0 picks a free port. Default 4010. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /**
   * The URL clients reach the mock at, when it is not what their requests say (a proxy
   * that rewrites `Host`): written into the customer's links and the served contracts.
   * Default: each request's `X-Forwarded-Host`/`Host`, else the listen address.
   */
  readonly publicUrl?: string;
  /** The APIs to serve, by name (default: every one). */
  readonly apis?: readonly string[];
  /**
   * Scenario rules: 'default' (the shipped mock-rules/ folder), 'none', a file or
   * folder path, or rule-file objects (`{ api, rules }`) as they would be read.
   */
  readonly rules?: 'default' | 'none' | string | readonly unknown[];
  /** bnpl-payment-order: token → ownerNo. When given, only these tokens pass, each for its own ownerNo. */
  readonly tokens?: Readonly<Record<string, string>>;
  /** Order Processing: subscription key → merchantId. When given, only these keys pass, each for its own merchant. */
  readonly keys?: Readonly<Record<string, string>>;
  /** Order Processing: the test customers, products and merchants (default: mock-rules/sandbox/order-processing.yaml). */
  readonly sandboxData?: string;
  /** Seeds ids and problem instances, so runs can be replayed. Default 1. */
  readonly seed?: number;
  /**
   * Where the state lives: `memory` (the default, embedded), a `postgres://` URL (a
   * database every instance started with the same URL shares; opened, migrated and
   * closed by the server), or a store opened by the caller (left open on close).
   */
  readonly store?: Store | string;
  /** Log startup and errors (pino, JSON lines on stderr). Default false. */
  readonly log?: boolean;
  /** The bnpl-payment-order revision to serve (default: the latest, 2026-02-17). */
  readonly revision?: string;
  /** Only for testing conformance kits: deliberately broken behaviour of bnpl-payment-order. */
  readonly faults?: Faults;
  /** Only for testing conformance kits: deliberately broken behaviour of Order Processing. */
  readonly orderProcessingFaults?: OrderProcessingFaults;
}

/** What `reset` forgets: everything, or one tenant of the API that has it. */
export type ResetScope = { readonly ownerNo: string } | { readonly merchantId: string };

export interface RunningMock {
  readonly url: string;
  readonly port: number;
  /** The APIs served, by name. */
  readonly apis: readonly string[];
  /** The active scenario rules of every API, in match order. */
  readonly rules: readonly ActiveRule[];
  /** The lines the `mock` command prints about what is served. */
  readonly banner: readonly string[];
  /**
   * Answers a request in-process, without a socket, exactly as the server would (the
   * same routing, validation, store and journal): `await mock.inject({ method: 'GET',
   * path: '/ledger/…', headers: { authorization: 'Bearer t' } })`.
   */
  inject(request: InjectRequest): Promise<InjectResponse>;
  /** Which store holds the state, for people: `memory`, or `postgres at host:port, database …`; never a password. */
  readonly store: string;
  /**
   * Forgets everything (and the journal, and rules retired by `once`), or one tenant's
   * resources (`"shop-1"` or `{ ownerNo }` for bnpl-payment-order, `{ merchantId }`).
   * Resolves to the number of orders (or authorisations) removed.
   */
  reset(scope?: string | ResetScope): Promise<number>;
  close(): Promise<void>;
}

export class MockConfigurationError extends Error {
  override name = 'MockConfigurationError';
}

async function loadRuleFiles(option: MockOptions['rules']): Promise<RuleFile[]> {
  if (option === 'none') return [];
  if (Array.isArray(option)) return option.map((data, i) => ({ source: `rules[${i}]`, data }));
  return readRuleFiles(option === undefined || option === 'default' ? mockRulesDir : (option as string));
}

/** Whether a `store` option names a PostgreSQL database. */
export const isPostgresUrl = (value: string) => /^postgres(ql)?:\/\//i.test(value);

interface OpenedStore {
  readonly store: Store;
  /** Whether the server opened it (and so closes it). */
  readonly owned: boolean;
  readonly description: string;
}

/**
 * The store an option names. A database that cannot be reached is a StoreUnavailableError
 * saying where it looked and what to check; the driver is loaded only when one is named.
 */
async function openStore(option: MockOptions['store']): Promise<OpenedStore> {
  if (option === undefined || option === 'memory') {
    return { store: new MemoryStore(), owned: true, description: 'memory' };
  }
  if (typeof option !== 'string') return { store: option, owned: false, description: option.kind };
  if (!isPostgresUrl(option)) {
    throw new MockConfigurationError(
      `store ${JSON.stringify(option.replace(/\/\/[^@/]*@/, '//…@'))} is neither 'memory' nor a postgres:// URL`,
    );
  }
  const { describeTarget, openPostgresStore } = await import('../core/store-postgres.ts');
  const description = `postgres at ${describeTarget(option).replace(/ \(database (.*)\)$/, ', database $1')}`;
  try {
    return { store: await openPostgresStore(option), owned: true, description };
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    throw new StoreUnavailableError(
      `${error.message}. Check that the PostgreSQL server is running and accepts TCP connections on that ` +
        "host and port, and that the URL's host, port, user, password and database are right (--store or DATABASE_URL).",
      { cause: error },
    );
  }
}

/** A public URL option as a base (no trailing slash), or a configuration error saying what is wrong. */
function publicBase(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    !/^https?:$/.test(url.protocol) ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== ''
  ) {
    throw new MockConfigurationError(
      `public URL ${JSON.stringify(value)} is not an http:// or https:// URL without query, fragment or credentials`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const wanted = options.apis ?? apiNames;
  const checkedPublicUrl = options.publicUrl === undefined ? undefined : publicBase(options.publicUrl);
  const unknown = wanted.filter((name) => !apiNames.includes(name));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new MockConfigurationError(
      `unknown API ${unknown.join(', ') || '(none given)'}; the mock serves ${apiNames.join(', ')}`,
    );
  }
  const opened = await openStore(options.store);
  try {
    return await serve(options, wanted, opened, checkedPublicUrl);
  } catch (error) {
    if (opened.owned) await opened.store.close().catch(() => {});
    throw error;
  }
}

async function serve(
  options: MockOptions,
  wanted: readonly string[],
  { store, owned, description }: OpenedStore,
  publicUrl: string | undefined,
): Promise<RunningMock> {
  const ids = seededIds(options.seed ?? 1, store.instance);
  const ruleFiles = await loadRuleFiles(options.rules);
  const sandboxSpec = await compileSpec('sandbox-control');
  // Errors only: the CLI prints the startup lines itself, and request logs would cost throughput.
  // Faults are dropped when logging is off, as a disabled logger would.
  const logger: Logger = options.log ? lazyPino() : silent;
  let baseUrl = '';
  /** Where the client reached us (see MockOptions.publicUrl); the listen address when nothing says. */
  const reachedAt = (request?: MockRequest) =>
    publicUrl ?? (request === undefined ? undefined : reachedOrigin(request.headers)) ?? baseUrl;
  const context: ApiContext = {
    store,
    ids,
    ruleFiles,
    sandboxSpec,
    now: Date.now,
    baseUrl: reachedAt,
    warn: (details: Record<string, unknown>, message: string) => logger.warn(details, message),
  };
  const mounted: MountedApi[] = [];
  for (const module of apiModules.filter((m) => wanted.includes(m.name))) {
    mounted.push(await module.mount(context, moduleOptions(module.name, options) as never));
  }
  const [first] = mounted as [MountedApi, ...MountedApi[]];
  /** The API whose dialect answers a path no route matched: by prefix, else the first served. */
  const owner = (requestPath: string) =>
    mounted.find((m) => m.prefixes.some((p) => requestPath.startsWith(p))) ?? first;
  const sharedDialect = dialectOfSharedRequest(mounted, first);
  /** The dialect of a request's problem: its API's, or for reset and the journal the tenant's it names (OP-D-41). */
  const dialectOf = (request: MockRequest) =>
    sharedPaths.has(request.path) ? sharedDialect(request) : owner(request.path).dialect;
  const problem = (request: MockRequest, name: string, detail: string, headers?: Record<string, string>) =>
    problemResponse(dialectOf(request), ids, { name, detail }, headers);

  const shared = sharedSandbox(context, mounted, first, sharedDialect);
  const documents = await servedDocuments(mounted, reachedAt, (request, what) =>
    problem(request, 'not-found', `No document at ${what}.`),
  );
  const app: HttpApp = {
    routes: [
      ...mounted.flatMap((m) => m.routes),
      ...shared,
      ...documents,
      ...indexRoutes(mounted, reachedAt),
    ],
    notFound: (request) => problem(request, 'not-found', `No resource at ${request.method} ${request.path}.`),
    methodNotAllowed: (request, allow) =>
      problem(request, 'method-not-allowed', `${request.method} is not allowed on ${request.path}.`, {
        allow: allow.join(', '),
      }),
    payloadTooLarge: (request) => problem(request, 'payload-too-large', 'The request body is over 1 MiB.'),
    onError: (request, error) => {
      if (error instanceof StoreUnavailableError) {
        // A transaction the database lost is rolled back; only a lost COMMIT leaves the outcome open (D-29).
        logger.warn({ err: error, method: request.method, path: request.path }, 'store unavailable');
        return problem(
          request,
          'unavailable',
          `The mock's shared store is unavailable (${error.message}); retry shortly.`,
          { 'retry-after': '1' },
        );
      }
      logger.error({ err: error, method: request.method, path: request.path }, 'handler failed');
      return problem(request, 'fatal', 'An unexpected error has occurred.');
    },
    onResponse: (request, response, route) => {
      if (route?.name === 'listRequests') return;
      const json = response.json as { Type?: unknown; type?: unknown } | undefined;
      const type = json?.Type ?? json?.type;
      // Plain fields (undefined is left out when listed): this runs on every request.
      store.journal.add({
        at: Date.now(),
        api: route?.api,
        method: request.method,
        path: request.path,
        tenant: route?.tenant?.(request),
        operationId: route?.name,
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
        requestBodyText:
          request.body.kind === 'json' && request.bodyBytes <= journalBodyBytes
            ? request.body.text
            : undefined,
        problemType: typeof type === 'string' ? type : undefined,
      });
    },
  };
  const server = createHttpServer(app);

  baseUrl = await listen(server, options.port ?? 4010, options.host ?? '127.0.0.1');
  const port = Number(new URL(baseUrl).port);
  const rules = mounted.flatMap((m) => m.rules);
  // Its own router, built on the first inject: most starts never inject.
  let injector: ((request: InjectRequest) => Promise<InjectResponse>) | undefined;
  logger.info(
    { url: baseUrl, apis: wanted, rules: rules.length, store: description },
    'bnpl-kit mock listening',
  );
  return {
    url: baseUrl,
    port,
    apis: mounted.map((m) => m.name),
    rules,
    inject: (request) => {
      injector ??= createInjector(app);
      return injector(request);
    },
    banner: mounted.flatMap((m) => m.banner.map((line) => line.replaceAll('{url}', baseUrl))),
    store: description,
    reset: async (scope) => {
      const normalized = typeof scope === 'string' ? { ownerNo: scope } : scope;
      const counts = await resetScope(mounted, store, normalized);
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    async close() {
      for (const api of mounted) api.close();
      await closeServer(server);
      if (owned) await store.close();
    },
  };
}

/** Each module's own options, taken from the server's. */
function moduleOptions(name: string, options: MockOptions): unknown {
  switch (name) {
    case bnplPaymentOrder.name:
      return {
        revision: options.revision,
        tokens: options.tokens === undefined ? undefined : new Map(Object.entries(options.tokens)),
        faults: options.faults,
      };
    case orderProcessing.name:
      return {
        keys: options.keys === undefined ? undefined : new Map(Object.entries(options.keys)),
        sandboxData: options.sandboxData,
        faults: options.orderProcessingFaults,
      };
    default:
      return {};
  }
}

/**
 * Forgets what the scope names, API by API: everything (then the journal and retired
 * rules too), or one tenant of the APIs that partition by that tenant's name.
 */
async function resetScope(
  mounted: readonly MountedApi[],
  store: Store,
  scope: ResetScope | undefined,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (scope === undefined) {
    for (const api of mounted) {
      counts[api.resetCount] = await api.reset();
      api.restoreRules();
    }
    await store.journal.clear({});
    return counts;
  }
  const [tenantName, tenant] = Object.entries(scope)[0] as [string, string];
  for (const api of mounted.filter((m) => m.tenantName === tenantName)) {
    const kept = api.normalizeTenant?.(tenant) ?? tenant;
    counts[api.resetCount] = await api.reset(kept);
    await store.journal.clear({ api: api.name, tenant: kept });
  }
  return counts;
}

/** The paths of the sandbox endpoints no single API owns whose answers depend on a tenant. */
const sharedPaths = new Set(['/_sandbox/reset', '/_sandbox/requests']);

/**
 * The dialect of a request to the sandbox endpoints no single API owns: the API whose
 * tenant the query or body names (`merchantId`), else the first served (OP-D-41).
 */
function dialectOfSharedRequest(
  mounted: readonly MountedApi[],
  first: MountedApi,
): (request: MockRequest) => ProblemDialect {
  return (request) => {
    const body = request.body.kind === 'json' ? (request.body.value as Record<string, unknown> | null) : null;
    const named = (name: string) =>
      request.query.has(name) || (body !== null && typeof body === 'object' && name in body);
    return mounted.find((m) => named(m.tenantName))?.dialect ?? first.dialect;
  };
}

/** The sandbox endpoints no single API owns: reset, the journal, the triggers. */
function sharedSandbox(
  context: ApiContext,
  mounted: readonly MountedApi[],
  first: MountedApi,
  dialectFor: (request: MockRequest) => ProblemDialect,
): Route[] {
  const { store, sandboxSpec } = context;
  const edge: ApiEdge = {
    api: 'sandbox',
    dialect: first.dialect,
    ids: context.ids,
    rules: new RuleBook([]),
    store,
    now: context.now,
    validationDetail: first.validationDetail,
    authenticate: () => undefined,
    tenant: () => undefined,
    // A request naming an API's tenant (`merchantId`) is answered in that API's dialect (OP-D-41).
    dialectFor,
  };
  const operation = (operationId: string) => operationOf(sandboxSpec, operationId);
  const tenantNames = [...new Set(mounted.map((m) => m.tenantName))];
  return [
    operationRoute(edge, operation('reset'), async ({ body }) => {
      const given = Object.entries((body ?? {}) as Record<string, string>);
      // Every served API's count, 0 where nothing of it was reset.
      const zero = Object.fromEntries(mounted.map((m) => [m.resetCount, 0]));
      if (given.length === 0)
        return { status: 200, json: { ...zero, ...(await resetScope(mounted, store, undefined)) } };
      // One tenant, of whichever API partitions by it; a tenant of an API not served resets nothing.
      const [name, tenant] = given[0] as [string, string];
      const counts = tenantNames.includes(name)
        ? await resetScope(mounted, store, { [name]: tenant } as ResetScope)
        : {};
      return { status: 200, json: { ...zero, ...counts, [name]: tenant } };
    }),
    operationRoute(edge, operation('listRequests'), async ({ parameters }) => {
      const limit = typeof parameters.query.limit === 'number' ? parameters.query.limit : 100;
      // The tenant the query names, as the API that partitions by it keeps it.
      const api = mounted.find((m) => typeof parameters.query[m.tenantName] === 'string');
      const named = api === undefined ? undefined : String(parameters.query[api.tenantName]);
      const tenant = named === undefined ? undefined : (api?.normalizeTenant?.(named) ?? named);
      return { status: 200, json: { entries: await store.journal.list(limit, { tenant }) } };
    }),
    operationRoute(edge, operation('listTriggers'), () => ({
      status: 200,
      json: { rules: mounted.flatMap((m) => m.rules).map(({ source, ...rule }) => ({ ...rule, source })) },
    })),
  ];
}

/**
 * The contracts as files, each with its servers pointing at where the mock is really
 * reached, and a rendered reference at /docs (swagger-ui-dist, no CDN).
 */
async function servedDocuments(
  mounted: readonly MountedApi[],
  baseUrl: (request: MockRequest) => string,
  notFound: (request: MockRequest, what: string) => MockResponse,
): Promise<Route[]> {
  // The package's folder, not its module: requiring swagger-ui-dist loads its whole
  // browser bundle into the server (tens of MiB) just to learn a path.
  const assetsDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const contracts: ServedContract[] = [
    ...mounted.flatMap((m) => m.contracts),
    { file: 'sandbox-control.yaml', load: () => readSpec('sandbox-control') },
  ];
  const byFile = new Map(contracts.map((c) => [c.file, c]));
  // Rendered once per base URL the clients reach us at; a client naming ever new hosts
  // cannot grow the cache without bound.
  const rendered = new Map<string, string>();
  const render = async (contract: ServedContract, base: string): Promise<string> => {
    const key = `${base} ${contract.file}`;
    let text = rendered.get(key);
    if (text === undefined) {
      text = await stringifyYaml(withServer(await contract.load(), base), {
        lineWidth: 0,
        version: '1.1',
      });
      if (rendered.size >= 64) rendered.clear();
      rendered.set(key, text);
    }
    return text;
  };
  const assets: Record<string, string> = {
    'swagger-ui.css': 'text/css; charset=utf-8',
    'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
    'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  };
  // The plain names first: the revision each API serves, then the sandbox; then every revision.
  const listed = [
    ...contracts.filter((c) => !/\.\d{4}-\d{2}-\d{2}\.yaml$/.test(c.file)),
    ...contracts.filter((c) => /\.\d{4}-\d{2}-\d{2}\.yaml$/.test(c.file)),
  ];
  const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bnpl-kit · API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  urls: [${listed.map((c) => `{ url: '/openapi/${c.file}', name: '${c.file.replace(/\.yaml$/, '')}' }`).join(', ')}],
  dom_id: '#ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout'
});
</script></body></html>`;
  return [
    { name: 'docs', method: 'GET', path: '/docs', handle: () => ({ status: 200, text: docsPage }) },
    {
      name: 'docs-asset',
      method: 'GET',
      path: '/docs/:asset',
      handle: async (request) => {
        const asset = request.params.asset ?? '';
        const type = assets[asset];
        if (type === undefined) return notFound(request, `/docs/${asset}`);
        return { status: 200, text: await readFile(path.join(assetsDir, asset)), contentType: type };
      },
    },
    {
      name: 'openapi',
      method: 'GET',
      path: '/openapi/:file',
      handle: async (request) => {
        const contract = byFile.get(request.params.file ?? '');
        if (contract === undefined) return notFound(request, `/openapi/${request.params.file ?? ''}`);
        return {
          status: 200,
          text: await render(contract, baseUrl(request)),
          contentType: 'application/yaml; charset=utf-8',
        };
      },
    },
  ];
}

/** The document with its first server at the mock's real address (the base path kept). */
function withServer(document: unknown, baseUrl: string): unknown {
  const doc = document as OpenApiDocument & { servers?: { url: string; description?: string }[] };
  const basePath = serverBasePath(doc);
  const rest = (doc.servers ?? []).slice(1);
  return {
    ...doc,
    servers: [
      { url: `${baseUrl}${basePath}`, description: 'this bnpl-kit mock' },
      ...rest.filter((s) => !s.url.startsWith('http://127.0.0.1')),
    ],
  };
}
