// The PostgreSQL store's schema, as ordered, named SQL steps. A database records the
// steps it has had in `migrations`; `openPostgresStore` applies the missing ones at
// start (src/core/store-postgres.ts). Steps are append-only: a released step is never
// edited, a change is a new step. Each step runs with `search_path` set to the store's
// schema, so it names its tables unqualified.

export interface Migration {
  /** Position in the order, from 1, without gaps. */
  readonly id: number;
  /** What the step does, recorded beside its id (a mismatch means the history was edited). */
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'records, sequences and the journal',
    sql: `
      -- Every API's state. (kind, key) is the record's identity; api and tenant scope a reset;
      -- parent and created list an order's captures in the order they were first written
      -- (an upsert keeps created, a delete and a new write give a new one). value is json,
      -- not jsonb: it reads back exactly as written, member order included, so a response
      -- rendered from it is the same as on the in-memory store.
      CREATE SEQUENCE record_created;
      CREATE TABLE records (
        kind text NOT NULL,
        key text NOT NULL,
        api text NOT NULL,
        tenant text NOT NULL,
        parent text,
        value json NOT NULL,
        expires_at timestamptz,
        created bigint NOT NULL DEFAULT nextval('record_created'),
        PRIMARY KEY (kind, key)
      );
      CREATE INDEX records_children ON records (parent, kind, created) WHERE parent IS NOT NULL;
      CREATE INDEX records_scope ON records (api, tenant);
      CREATE INDEX records_expiry ON records (expires_at) WHERE expires_at IS NOT NULL;

      -- Named id sequences; instances take blocks of ids from next.
      CREATE TABLE sequences (
        name text PRIMARY KEY,
        next bigint NOT NULL
      );

      -- The request journal shared by every instance: newest first is id descending.
      CREATE TABLE journal (
        id bigserial PRIMARY KEY,
        api text,
        tenant text,
        entry json NOT NULL
      );
      CREATE INDEX journal_api ON journal (api, id);
      CREATE INDEX journal_tenant ON journal (tenant, id);
    `,
  },
];
