// The store port on PostgreSQL, so that several mock instances on one database act as
// one. Owns the connection pool and its time limits, the schema's migrations at start,
// and the translation of the port's promises into SQL:
// - `atomically` is one READ COMMITTED transaction that first takes a transaction-scoped
//   advisory lock on every key (sorted, so two transactions never wait on each other in
//   a cycle; a lock needs no row, so it also guards keys that do not exist yet), then
//   reads, decides and writes. Each statement reads what the previous lock holder
//   committed, which is what makes the read-decide-write safe across instances.
// - `nextId` takes blocks of ids from a row per sequence, so most calls stay in memory.
// - the journal is written in the background, in batches, and capped in the database.
// A database that cannot be reached, or is lost, turns into StoreUnavailableError within
// the connection and query time limits; the pool reconnects once it is back.
import { createHash, randomInt } from 'node:crypto';
import pg from 'pg';
import { encode, type JournalEntry, type JournalRecord, listed } from './journal.ts';
import {
  type ClearScope,
  type Decision,
  type JournalFilter,
  type JournalPort,
  type RecordKey,
  readOutsideLock,
  type Snapshot,
  type Store,
  StoreUnavailableError,
  type Write,
} from './store.ts';
import { type Migration, migrations } from './store-postgres.migrations.ts';

export interface PostgresStoreOptions {
  /** The schema holding the store's tables (created when missing); one per independent mock cluster. */
  readonly schema?: string;
  /** The clock that decides whether a record has expired. */
  readonly now?: () => number;
  readonly journalCapacity?: number;
  /** Connections per instance. */
  readonly poolSize?: number;
  /** Limit on opening a connection, or waiting for a free one. */
  readonly connectTimeoutMs?: number;
  /** Limit on one statement (lock waits included); the client gives up shortly after the server. */
  readonly queryTimeoutMs?: number;
  /** Ids an instance takes from a sequence at a time. */
  readonly idBlockSize?: number;
  /** How often expired records are deleted (they read as absent before that). */
  readonly sweepIntervalMs?: number;
  /** How long journal entries gather before they are written as one batch. */
  readonly journalFlushMs?: number;
}

const defaults = {
  schema: 'bnpl_kit',
  journalCapacity: 1000,
  poolSize: 10,
  connectTimeoutMs: 3000,
  queryTimeoutMs: 10_000,
  idBlockSize: 50,
  sweepIntervalMs: 60_000,
  journalFlushMs: 25,
};

/** Attempts of a transaction that failed on a serialization failure or a deadlock. */
const conflictAttempts = 4;
/** Journal entries per INSERT. */
const journalBatch = 500;
const journalRetryMs = 1000;

// Server errors that mean "the database is not there for us now", not "this statement is wrong":
// connection exceptions (class 08), shutdown or termination, too many connections, a statement
// cancelled by its time limit, out of resources.
const unavailableStates = new Set(['57P01', '57P02', '57P03', '57014', '53000', '53100', '53200', '53300']);
const conflictStates = new Set(['40001', '40P01']);

/** A schema this version cannot work with (made by a newer one, or an edited history). */
export class SchemaMismatchError extends Error {
  override name = 'SchemaMismatchError';
}

function sqlState(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}

/**
 * Whether an error from the driver means the database is out of reach. Anything that is
 * not the server's own error message (and not ours) is the connection's failure (refused,
 * reset, terminated, timed out, pool ended), never a wrong statement.
 */
function isUnavailable(error: unknown): boolean {
  if (error instanceof SchemaMismatchError) return false;
  if (!(error instanceof pg.DatabaseError)) return true;
  const code = error.code ?? '';
  return code.startsWith('08') || unavailableStates.has(code);
}

/**
 * Whether the connection died before the statement could run (a pooled connection the
 * server ended while it was idle): then one more try on a fresh connection is safe and
 * cheap. A time limit that ran out is not retried, so the bound stays the bound.
 */
function isLostConnection(error: unknown): boolean {
  if (!isUnavailable(error)) return false;
  const state = sqlState(error);
  if (state !== undefined) return state.startsWith('08') || state === '57P01' || state === '57P02';
  return !/timeout/i.test(reason(error));
}

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.message !== '' ? error.message : typeof code === 'string' ? code : error.name;
  }
  return String(error);
}

/** Where the URL points, for messages: host, port and database, never the password. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
    const port = parsed.port || parsed.searchParams.get('port') || '5432';
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    return `${host}:${port}${database === '' ? '' : ` (database ${database})`}`;
  } catch {
    return 'the configured URL (not a postgres:// URL)';
  }
}

/** A 64-bit advisory lock id for a name, as the decimal string PostgreSQL reads as bigint. */
function lockId(name: string): bigint {
  return createHash('sha256').update(name).digest().readBigInt64BE(0);
}

/** A short random pause before a transaction that lost a conflict tries again, longer each time. */
const conflictPause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, randomInt(1, 10 * attempt + 1)));

const recordId = (kind: string, key: string) => `${kind}\u0000${key}`;

/** A decision's error, carried past the handler of database errors unchanged. */
class DecisionFailed {
  constructor(readonly error: unknown) {}
}

interface WritePlan {
  /** Rows to delete first: removed records, and records removed and written again (a new first write). */
  readonly deletes: { kinds: string[]; keys: string[] };
  /** Rows to upsert, in the order of their first write (so `created` follows it). */
  readonly upserts: {
    kinds: string[];
    keys: string[];
    apis: string[];
    tenants: string[];
    parents: (string | null)[];
    values: string[];
    expiries: (Date | null)[];
  };
}

/**
 * A decision's writes as two statements, with the same outcome as applying them one by
 * one (as the in-memory store does): the last write of a key wins, and a record keeps
 * the position among its siblings of its first write unless it was deleted in between.
 */
function planWrites(writes: readonly Write[]): WritePlan {
  const final = new Map<string, { write: Write; reset: boolean; position: number }>();
  let position = 0;
  for (const write of writes) {
    const id = recordId(write.kind, write.key);
    const prior = final.get(id);
    if (write.value === undefined || prior === undefined || prior.write.value === undefined) {
      final.set(id, { write, reset: prior !== undefined || write.value === undefined, position: position++ });
    } else {
      final.set(id, { write, reset: prior.reset, position: prior.position });
    }
  }
  const plan: WritePlan = {
    deletes: { kinds: [], keys: [] },
    upserts: { kinds: [], keys: [], apis: [], tenants: [], parents: [], values: [], expiries: [] },
  };
  const ordered = [...final.values()].sort((a, b) => a.position - b.position);
  for (const { write, reset } of ordered) {
    if (reset) {
      plan.deletes.kinds.push(write.kind);
      plan.deletes.keys.push(write.key);
    }
    if (write.value === undefined) continue;
    const json = JSON.stringify(write.value);
    if (json === undefined) throw new TypeError(`the value of ${write.kind} ${write.key} is not JSON`);
    const { upserts } = plan;
    upserts.kinds.push(write.kind);
    upserts.keys.push(write.key);
    upserts.apis.push(write.api);
    upserts.tenants.push(write.tenant);
    upserts.parents.push(write.parent ?? null);
    upserts.values.push(json);
    upserts.expiries.push(write.expiresAt === undefined ? null : new Date(write.expiresAt));
  }
  return plan;
}

const upsertParams = (u: WritePlan['upserts']) => [
  u.kinds,
  u.keys,
  u.apis,
  u.tenants,
  u.parents,
  u.values,
  u.expiries,
];

/** Runs a decision and plans its writes; anything either throws is the decision's failure, never the database's. */
function runDecision<R>(
  decide: (snapshot: Snapshot) => Decision<R>,
  read: (kind: string, key: string) => unknown,
): { result: R; plan: WritePlan } {
  try {
    const decision = decide({ get: <T>(kind: string, key: string) => read(kind, key) as T | undefined });
    return { result: decision.result, plan: planWrites(decision.writes) };
  } catch (error) {
    throw new DecisionFailed(error);
  }
}

/** The store's SQL, its table names qualified with the schema. */
function statements(schema: string) {
  const s = pg.escapeIdentifier(schema);
  const live = '(expires_at IS NULL OR expires_at > $3)';
  return {
    get: `SELECT value FROM ${s}.records WHERE kind = $1 AND key = $2 AND ${live}`,
    children: `SELECT value FROM ${s}.records WHERE parent = $2 AND kind = $1 AND ${live} ORDER BY created`,
    lock: 'SELECT pg_advisory_xact_lock(id) FROM unnest($1::bigint[]) AS id',
    read: `SELECT kind, key, value FROM ${s}.records
      WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND ${live}`,
    delete: `DELETE FROM ${s}.records WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    upsert: `INSERT INTO ${s}.records (kind, key, api, tenant, parent, value, expires_at)
      SELECT kind, key, api, tenant, parent, value::json, expires_at
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
        WITH ORDINALITY AS w (kind, key, api, tenant, parent, value, expires_at, n)
      ORDER BY n
      ON CONFLICT (kind, key) DO UPDATE SET api = EXCLUDED.api, tenant = EXCLUDED.tenant,
        parent = EXCLUDED.parent, value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
    clear: `WITH removed AS (
        DELETE FROM ${s}.records WHERE ($1::text IS NULL OR api = $1) AND ($2::text IS NULL OR tenant = $2)
        RETURNING kind)
      SELECT (count(*) FILTER (WHERE kind = $3))::int AS counted FROM removed`,
    sweep: `DELETE FROM ${s}.records WHERE expires_at <= $1`,
    allocate: `INSERT INTO ${s}.sequences AS seq (name, next) VALUES ($1, $2::bigint + $3::bigint)
      ON CONFLICT (name) DO UPDATE SET next = seq.next + $3::bigint
      RETURNING next - $3::bigint AS first`,
    journalInsert: `INSERT INTO ${s}.journal (api, tenant, entry)
      SELECT e->>'api', e->'tenant'->>'value', e FROM json_array_elements($1::json) WITH ORDINALITY AS t (e, n)
      ORDER BY n`,
    journalTrim: `DELETE FROM ${s}.journal
      WHERE id < (SELECT id FROM ${s}.journal ORDER BY id DESC OFFSET ($1::int - 1) LIMIT 1)`,
    journalList: `SELECT entry FROM ${s}.journal
      WHERE ($1::text IS NULL OR api = $1) AND ($2::text IS NULL OR tenant = $2) ORDER BY id DESC LIMIT $3`,
    journalClear: `DELETE FROM ${s}.journal WHERE ($1::text IS NULL OR api = $1) AND ($2::text IS NULL OR tenant = $2)`,
  };
}

/**
 * Applies the migrations `schema` has not had yet, in order, in one transaction under an
 * advisory lock, so instances starting together apply each step once. Returns the names
 * of the steps it applied (none when the schema was up to date).
 */
export async function migrate(
  pool: pg.Pool,
  schema: string,
  steps: readonly Migration[] = migrations,
): Promise<string[]> {
  const s = pg.escapeIdentifier(schema);
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [
      lockId(`bnpl-kit migrations\u0000${schema}`).toString(),
    ]);
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.migrations (
        id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const applied = await client.query<{ id: number; name: string }>(
      `SELECT id, name FROM ${s}.migrations ORDER BY id`,
    );
    for (const row of applied.rows) {
      const step = steps.find((m) => m.id === row.id);
      if (step === undefined) {
        throw new SchemaMismatchError(
          `schema ${schema} has migration ${row.id} (${row.name}), which this bnpl-kit does not know: ` +
            'it was prepared by a newer version',
        );
      }
      if (step.name !== row.name) {
        throw new SchemaMismatchError(
          `schema ${schema} has migration ${row.id} as "${row.name}", this bnpl-kit as "${step.name}"`,
        );
      }
    }
    const done = new Set(applied.rows.map((row) => row.id));
    const names: string[] = [];
    await client.query(`SET LOCAL search_path TO ${s}`);
    for (const step of [...steps].sort((a, b) => a.id - b.id)) {
      if (done.has(step.id)) continue;
      await client.query(step.sql);
      await client.query(`INSERT INTO ${s}.migrations (id, name) VALUES ($1, $2)`, [step.id, step.name]);
      names.push(step.name);
    }
    await client.query('COMMIT');
    return names;
  } catch (error) {
    if (isUnavailable(error)) {
      failure = error instanceof Error ? error : new Error(reason(error));
    } else {
      await client.query('ROLLBACK').catch(() => {});
    }
    throw error;
  } finally {
    // A connection that failed is closed rather than returned to the pool.
    client.release(failure);
  }
}

/**
 * Opens the store on the database at `url`: connects, brings the schema up to date,
 * and rejects with StoreUnavailableError (naming host and port) when the database
 * cannot be reached within `connectTimeoutMs`.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const settings = { ...defaults, ...definedOnly(options) };
  const target = describeTarget(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    // The server cancels a statement first (a clean error, the connection stays usable);
    // the client's own limit only catches a server or network that stopped answering.
    statement_timeout: settings.queryTimeoutMs,
    query_timeout: settings.queryTimeoutMs + 1000,
    // A transaction whose instance froze must not hold its locks for long.
    idle_in_transaction_session_timeout: Math.max(3 * settings.queryTimeoutMs, 10_000),
    keepAlive: true,
    application_name: 'bnpl-kit',
  });
  // A connection lost while idle (or between two statements) is reported as an event; the
  // operation that uses it next gets the error. Without listeners the event would end the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  let instance: number;
  try {
    await migrate(pool, settings.schema);
    // Numbers above 2^32 wrap in the UUID; instances four billion starts apart never overlap.
    const { rows } = await pool.query<{ first: string }>(statements(settings.schema).allocate, [
      'instance',
      1,
      1,
    ]);
    instance = Number(rows[0]?.first) % 2 ** 32 || 1;
  } catch (error) {
    await pool.end().catch(() => {});
    if (isUnavailable(error)) {
      throw new StoreUnavailableError(`cannot reach PostgreSQL at ${target}: ${reason(error)}`, {
        cause: error,
      });
    }
    throw new Error(`PostgreSQL at ${target}: preparing schema ${settings.schema} failed: ${reason(error)}`, {
      cause: error,
    });
  }
  return new PostgresStore(pool, target, settings, instance);
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

type Settings = typeof defaults & { readonly now?: () => number };

interface IdBlock {
  next: number;
  end: number;
  refill: Promise<void> | undefined;
}

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  /** Taken from the database's sequences at open: no other instance of this schema holds it. */
  readonly instance: number;
  readonly journal: JournalPort;
  readonly #pool: pg.Pool;
  readonly #target: string;
  readonly #settings: Settings;
  readonly #sql: ReturnType<typeof statements>;
  readonly #now: () => number;
  readonly #blocks = new Map<string, IdBlock>();
  readonly #sweeper: NodeJS.Timeout;
  #journalBuffer: JournalRecord[] = [];
  #journalTimer: NodeJS.Timeout | undefined;
  #draining: Promise<void> | undefined;
  #closed = false;

  /** Use openPostgresStore. */
  constructor(pool: pg.Pool, target: string, settings: Settings, instance: number) {
    this.instance = instance;
    this.#pool = pool;
    this.#target = target;
    this.#settings = settings;
    this.#sql = statements(settings.schema);
    this.#now = settings.now ?? Date.now;
    this.#sweeper = setInterval(() => {
      this.#pool.query(this.#sql.sweep, [new Date(this.#now())]).catch(() => {});
    }, settings.sweepIntervalMs);
    this.#sweeper.unref();
    this.journal = {
      add: (entry) => this.#journalAdd(entry),
      list: (limit, filter) => this.#journalList(limit, filter),
      clear: (scope) => this.#journalClear(scope),
    };
  }

  async get<T>(kind: string, key: string): Promise<T | undefined> {
    const { rows } = await this.#query<{ value: T }>(this.#sql.get, [kind, key, new Date(this.#now())]);
    return rows[0]?.value;
  }

  async children<T>(kind: string, parent: string): Promise<T[]> {
    const { rows } = await this.#query<{ value: T }>(this.#sql.children, [
      kind,
      parent,
      new Date(this.#now()),
    ]);
    return rows.map((row) => row.value);
  }

  async atomically<R>(keys: readonly RecordKey[], decide: (snapshot: Snapshot) => Decision<R>): Promise<R> {
    if (keys.length === 0) return this.#writeOnly(decide);
    const declared = new Set(keys.map((k) => recordId(k.kind, k.key)));
    const locks = [
      ...new Set(keys.map((k) => lockId(`${this.#settings.schema}\u0000${k.kind}\u0000${k.key}`))),
    ]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map(String);
    let conflicts = 0;
    let staleRetried = false;
    for (;;) {
      const client = await this.#connect();
      let began = false;
      try {
        await client.query('BEGIN');
        began = true;
        await client.query(this.#sql.lock, [locks]);
        const read = await client.query<{ kind: string; key: string; value: unknown }>(this.#sql.read, [
          keys.map((k) => k.kind),
          keys.map((k) => k.key),
          new Date(this.#now()),
        ]);
        const values = new Map(read.rows.map((row) => [recordId(row.kind, row.key), row.value]));
        const { result, plan } = runDecision(decide, (kind, key) => {
          const id = recordId(kind, key);
          if (!declared.has(id)) throw readOutsideLock(kind, key);
          return values.get(id);
        });
        await this.#applyPlan(client, plan);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        if (error instanceof DecisionFailed) {
          await this.#rollbackAndRelease(client);
          throw error.error;
        }
        if (isUnavailable(error)) {
          client.release(error instanceof Error ? error : new Error(reason(error)));
          // Only a failed BEGIN is retried: nothing ran. A later failure is reported: the
          // server rolls the transaction back (a lost COMMIT's outcome is unknown).
          if (!began && !staleRetried && !this.#closed && isLostConnection(error)) {
            staleRetried = true;
            continue;
          }
          throw this.#unavailable(error);
        }
        await this.#rollbackAndRelease(client);
        const state = sqlState(error);
        if (state !== undefined && conflictStates.has(state) && ++conflicts < conflictAttempts) {
          await conflictPause(conflicts);
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * A decision that locks and reads nothing (a new order under a fresh id) is decided
   * before any connection is taken; its writes need a transaction only when they take
   * more than one statement.
   */
  async #writeOnly<R>(decide: (snapshot: Snapshot) => Decision<R>): Promise<R> {
    let decided: { result: R; plan: WritePlan };
    try {
      decided = runDecision(decide, (kind, key) => {
        throw readOutsideLock(kind, key);
      });
    } catch (error) {
      throw error instanceof DecisionFailed ? error.error : error;
    }
    const { result, plan } = decided;
    if (plan.deletes.keys.length === 0 && plan.upserts.keys.length === 0) return result;
    for (let conflicts = 1; ; conflicts++) {
      try {
        await this.#writePlan(plan);
        return result;
      } catch (error) {
        const state = sqlState(error);
        if (state === undefined || !conflictStates.has(state) || conflicts >= conflictAttempts) throw error;
        await conflictPause(conflicts);
      }
    }
  }

  async #writePlan(plan: WritePlan): Promise<void> {
    const { deletes, upserts } = plan;
    if (deletes.keys.length === 0 || upserts.keys.length === 0) {
      // One statement is atomic by itself; repeating it after a lost connection changes nothing.
      if (deletes.keys.length > 0) await this.#query(this.#sql.delete, [deletes.kinds, deletes.keys]);
      else await this.#query(this.#sql.upsert, upsertParams(upserts));
      return;
    }
    const client = await this.#connect();
    try {
      await client.query('BEGIN');
      await this.#applyPlan(client, plan);
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      if (!isUnavailable(error)) {
        await this.#rollbackAndRelease(client);
        throw error;
      }
      client.release(error instanceof Error ? error : new Error(reason(error)));
      throw this.#unavailable(error);
    }
  }

  async #applyPlan(client: pg.PoolClient, { deletes, upserts }: WritePlan): Promise<void> {
    if (deletes.keys.length > 0) await client.query(this.#sql.delete, [deletes.kinds, deletes.keys]);
    if (upserts.keys.length > 0) await client.query(this.#sql.upsert, upsertParams(upserts));
  }

  async nextId(sequence: string, start: number): Promise<number> {
    let block = this.#blocks.get(sequence);
    if (block === undefined) {
      block = { next: 0, end: 0, refill: undefined };
      this.#blocks.set(sequence, block);
    }
    while (block.next >= block.end) {
      const current = block;
      current.refill ??= this.#allocate(sequence, start, current).finally(() => {
        current.refill = undefined;
      });
      await current.refill;
    }
    const id = block.next;
    block.next += 1;
    return id;
  }

  async clear(scope: ClearScope, countKind?: string): Promise<number> {
    const { rows } = await this.#query<{ counted: number }>(this.#sql.clear, [
      scope.api ?? null,
      scope.tenant ?? null,
      countKind ?? null,
    ]);
    return rows[0]?.counted ?? 0;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#sweeper);
    await this.#drain();
    this.#closed = true;
    clearTimeout(this.#journalTimer);
    this.#journalTimer = undefined;
    await this.#pool.end();
  }

  async #allocate(sequence: string, start: number, block: IdBlock): Promise<void> {
    const size = this.#settings.idBlockSize;
    const { rows } = await this.#query<{ first: string }>(this.#sql.allocate, [sequence, start, size]);
    const first = Number(rows[0]?.first);
    block.next = first;
    block.end = first + size;
  }

  async #connect(): Promise<pg.PoolClient> {
    try {
      return await this.#pool.connect();
    } catch (error) {
      throw this.#unavailable(error);
    }
  }

  /** One statement outside a transaction; retried once when a pooled connection turns out dead (see isLostConnection). */
  async #query<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#pool.query<T>(sql, params);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        if (attempt === 1 && !this.#closed && isLostConnection(error)) continue;
        throw this.#unavailable(error);
      }
    }
  }

  async #rollbackAndRelease(client: pg.PoolClient): Promise<void> {
    try {
      await client.query('ROLLBACK');
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : new Error(reason(error)));
    }
  }

  #unavailable(error: unknown): StoreUnavailableError {
    if (error instanceof StoreUnavailableError) return error;
    const message = this.#closed
      ? `the PostgreSQL store at ${this.#target} is closed`
      : `PostgreSQL at ${this.#target} is unavailable: ${reason(error)}`;
    return new StoreUnavailableError(message, { cause: error });
  }

  #journalAdd(entry: JournalRecord): void {
    if (this.#closed) return;
    this.#journalBuffer.push(entry);
    // While the database is away the buffer keeps only what the journal itself would keep.
    const overflow = this.#journalBuffer.length - this.#settings.journalCapacity;
    if (overflow > 0) this.#journalBuffer.splice(0, overflow);
    this.#scheduleDrain(this.#settings.journalFlushMs);
  }

  #scheduleDrain(delayMs: number): void {
    if (this.#journalTimer !== undefined || this.#closed) return;
    this.#journalTimer = setTimeout(() => {
      this.#journalTimer = undefined;
      void this.#drain();
    }, delayMs);
    this.#journalTimer.unref();
  }

  /** Writes the buffered entries, one batch at a time; never rejects (a failed batch waits for a retry). */
  #drain(): Promise<void> {
    if (this.#draining !== undefined) return this.#draining;
    const write = async () => {
      while (this.#journalBuffer.length > 0) {
        const batch = this.#journalBuffer.splice(0, journalBatch);
        try {
          // Each entry as the in-memory ring writes it: the body once, as the text it arrived as.
          await this.#pool.query(this.#sql.journalInsert, [`[${batch.map(encode).join(',')}]`]);
          await this.#pool.query(this.#sql.journalTrim, [this.#settings.journalCapacity]);
        } catch {
          const kept = [...batch, ...this.#journalBuffer];
          this.#journalBuffer = kept.slice(Math.max(0, kept.length - this.#settings.journalCapacity));
          this.#scheduleDrain(journalRetryMs);
          return;
        }
      }
    };
    // Cleared in a callback, never inside `write`: with nothing buffered `write` finishes at
    // once, and a clear that ran before this assignment would leave a settled promise here
    // for good, so that nothing would ever be written again.
    const draining = write().finally(() => {
      if (this.#draining === draining) this.#draining = undefined;
    });
    this.#draining = draining;
    return draining;
  }

  async #journalList(limit: number, filter: JournalFilter = {}): Promise<JournalEntry[]> {
    // This instance's own entries first reach the database, so it lists what it just answered.
    await this.#drain();
    const { rows } = await this.#query<{ entry: JournalRecord }>(this.#sql.journalList, [
      filter.api ?? null,
      filter.tenant ?? null,
      limit,
    ]);
    return rows.map((row) => listed(row.entry));
  }

  async #journalClear(scope: ClearScope): Promise<void> {
    await this.#drain();
    await this.#query(this.#sql.journalClear, [scope.api ?? null, scope.tenant ?? null]);
  }
}
