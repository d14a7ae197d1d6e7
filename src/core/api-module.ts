// What an API is to the mock server: a module that mounts its routes (the spec's
// operations, its part of the sandbox control API, its pages) on the shared
// machinery it is handed: the store, the seeded ids, the scenario rule files, the
// clock and the base URL. The server knows APIs only through this interface, so a
// new API is a new module, not a change to the server.
import type { CompiledSpec } from '../../lib/openapi.ts';
import type { MockRequest, Route } from './http.ts';
import type { IdSource } from './ids.ts';
import type { ProblemDialect } from './problems.ts';
import type { ActiveRule, RuleFile } from './rules.ts';
import type { Store } from './store.ts';

/** Everything the server hands a module. */
export interface ApiContext {
  readonly store: Store;
  /** Seeded UUIDs (problem instances, resource ids). */
  readonly ids: IdSource;
  /** Every rules file loaded; the module keeps those naming it and checks them against its contract. */
  readonly ruleFiles: readonly RuleFile[];
  /** The sandbox control contract (spec/sandbox-control.yaml). */
  readonly sandboxSpec: CompiledSpec;
  readonly now: () => number;
  /**
   * The base URL the client reached the mock at (its request's forwarded host or Host,
   * or the public URL configured), for links handed to the customer; without a request,
   * or when the request names no host, the listen address.
   */
  baseUrl(request?: MockRequest): string;
  /** Reports a fault that is not a request's (a scheduled step that failed). */
  warn(details: Record<string, unknown>, message: string): void;
}

/** A contract the server serves under /openapi/<file>. */
export interface ServedContract {
  /** `bnpl-payment-order.yaml`, `bnpl-payment-order.2024-10-30.yaml`. */
  readonly file: string;
  /** Reads the document (on the first request for it: reading applies overlays, which costs). */
  load(): Promise<unknown>;
}

/** A module mounted on the server. */
export interface MountedApi {
  readonly name: string;
  readonly dialect: ProblemDialect;
  /** The detail of a validation problem in this API's words. */
  readonly validationDetail: string;
  readonly routes: readonly Route[];
  /** Path prefixes whose unmatched requests (404, 405, 413) answer in this API's dialect. */
  readonly prefixes: readonly string[];
  /** What the API partitions its state by (`ownerNo`, `merchantId`), as reset and the journal name it. */
  readonly tenantName: string;
  /** A tenant as the API keeps it (merchant UUIDs in lower case), for reset and the journal's filter. */
  normalizeTenant?(tenant: string): string;
  /** The noun reset counts (`ordersRemoved`, `authorisationsRemoved`). */
  readonly resetCount: string;
  readonly rules: readonly ActiveRule[];
  readonly contracts: readonly ServedContract[];
  /** What `GET /` says about the API. */
  readonly about: {
    readonly name: string;
    readonly title: string;
    readonly revision: string;
    /** Where its paths start, placeholders kept (`/ledger/bnpl-payment-order/v1/{ownerNo}/bnpl-payment-orders`). */
    readonly base: string;
    /** The served contract's path (`/openapi/bnpl-payment-order.yaml`). */
    readonly contract: string;
  };
  /** The lines the `mock` command prints for this API. */
  readonly banner: readonly string[];
  /** Forgets every resource (with `tenant`, only that tenant's); resolves to how many were removed. */
  reset(tenant?: string): Promise<number>;
  /** Restores scenario rules retired by `once`. */
  restoreRules(): void;
  /** Cancels anything scheduled (customer outcomes on timers). */
  close(): void;
}

export interface ApiModule<Options = unknown> {
  readonly name: string;
  mount(context: ApiContext, options: Options): Promise<MountedApi>;
}
