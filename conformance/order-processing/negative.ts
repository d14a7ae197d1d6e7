// Order Processing's negative suite: inputs derived from the contract, each sent
// against a state where the unbroken request would succeed. An amount of 0, negative,
// with 3 decimals, as a string, not an object, without its value or currency, or in
// another currency, and a request without its amount, MUST be refused (any 4xx) and
// move nothing; malformed JSON is 400 and a malformed id 400 or 404 (S15). How the
// refusal is worded (400 validation naming the member), the upper bound, the headers,
// the query, unknown members and the transport limits are our decisions (SHOULD).
// At the end the state is read back through the amounts left: a full reverse of the
// float the kit expects, and a full refund, must succeed, so a refused request that
// moved money shows. Deterministic: the same cases every run.
import type { CheckId } from '../catalogue.ts';
import type { OutgoingRequest } from '../client.ts';
import type { Answer } from '../session.ts';
import type { SuiteStats } from '../suites/types.ts';
import { jsonObject } from '../transcript.ts';
import { problemName } from './dialect.ts';
import { gbp } from './oracle.ts';
import {
  amount,
  authoriseBody,
  initiateBody,
  type OpKit,
  type OpSession,
  opRequest,
  refundBody,
  settleBody,
} from './requests.ts';
import { prepare, recordContract } from './setup.ts';

/** What a case must get: MUST, refused; or SHOULD, as our decisions say. */
interface NegativeCase {
  readonly checkId: CheckId;
  readonly operationId: string;
  readonly description: string;
  /** Statuses that pass `checkId` (`'4xx'`: any client error). */
  readonly pass: readonly number[] | '4xx' | '2xx';
  /** What a 400 should name (judged by OP-NEG-005 for a MUST case, by `checkId` for a SHOULD one). */
  readonly names?: { readonly pointer?: string; readonly header?: string; readonly parameter?: string };
  readonly request: (state: State) => OutgoingRequest | Promise<OutgoingRequest | undefined> | undefined;
  /** Pence the request moves if it is accepted (a valid amount with a departure of our decisions). */
  readonly moves?: number;
}

interface State {
  readonly session: OpSession;
  readonly kit: OpKit;
  readonly authorisationId: string;
  readonly transactionId: string;
  /** The authorisation the upward adjustment cases go to. */
  readonly adjustedId: string;
  /** The customer's access token. */
  readonly token: string;
  /** A fresh sca-token valid for £1.00 (Initiate, and SCA where required). */
  scaToken(): Promise<string | undefined>;
}

const base = 100; // £1.00 for Initiate and Authorise
const penny = 1; // what a settle, reverse or refund case moves
const adjusted = 100; // the authorisation the upward adjustment cases go to

/** Amount breakages the sources refuse (S2: { value, currencyCode }; S15: pounds, ISO 4217). */
const amountMust: readonly { what: string; amount: unknown; pointer: string }[] = [
  { what: 'amount.value 0', amount: { value: 0, currencyCode: 'GBP' }, pointer: '#/amount/value' },
  { what: 'amount.value -1.00', amount: { value: -1, currencyCode: 'GBP' }, pointer: '#/amount/value' },
  {
    what: 'amount.value 0.001 (3 decimals)',
    amount: { value: 0.001, currencyCode: 'GBP' },
    pointer: '#/amount/value',
  },
  {
    what: 'amount.value 12.345 (3 decimals)',
    amount: { value: 12.345, currencyCode: 'GBP' },
    pointer: '#/amount/value',
  },
  {
    what: 'amount.value as a string',
    amount: { value: '1.00', currencyCode: 'GBP' },
    pointer: '#/amount/value',
  },
  { what: 'amount as a number', amount: 1, pointer: '#/amount' },
  { what: 'amount as a string', amount: '1.00 GBP', pointer: '#/amount' },
  { what: 'amount without its value', amount: { currencyCode: 'GBP' }, pointer: '#/amount/value' },
  { what: 'amount without its currencyCode', amount: { value: 1 }, pointer: '#/amount/currencyCode' },
  { what: 'amount in EUR', amount: { value: 1, currencyCode: 'EUR' }, pointer: '#/amount/currencyCode' },
];

/** Breakages only our decisions refuse (OP-D-07, OP-D-19, OP-D-21, OP-D-31). */
const amountShould: readonly { what: string; amount: unknown; pointer: string }[] = [
  {
    what: 'amount.value 100000.01 (over the maximum)',
    amount: { value: 100000.01, currencyCode: 'GBP' },
    pointer: '#/amount/value',
  },
  {
    what: 'amount.currencyCode in lower case',
    amount: { value: 1, currencyCode: 'gbp' },
    pointer: '#/amount/currencyCode',
  },
];

const wholeBodies: readonly [string, string][] = [
  ['{"amount": {"value": 1,', 'malformed JSON'],
  ['[]', 'an array'],
  ['"text"', 'a string'],
  ['null', 'null'],
];

interface BodyOperation {
  readonly operationId: string;
  /** The valid body at `minor` pence. */
  readonly body: (minor: number) => Record<string, unknown>;
  readonly minor: number;
  readonly request: (
    state: State,
    options: {
      body?: unknown;
      raw?: { text: string; contentType?: string };
      omit?: readonly string[];
      headers?: Record<string, string>;
    },
  ) => Promise<OutgoingRequest | undefined> | OutgoingRequest;
}

function bodyOperations(): BodyOperation[] {
  return [
    {
      operationId: 'Initiate',
      minor: base,
      body: (minor) => ({ ...initiateBody(minor) }),
      request: (s, o) =>
        opRequest(
          s.session,
          'Initiate',
          { customerRef: s.kit.target.customerRef },
          { customerAccessToken: s.token, ...o },
        ),
    },
    {
      operationId: 'Authorise',
      minor: base,
      body: (minor) => ({ ...authoriseBody(minor, `kit-${minor}`) }),
      request: async (s, o) => {
        const scaToken = await s.scaToken();
        return scaToken === undefined
          ? undefined
          : opRequest(
              s.session,
              'Authorise',
              { customerRef: s.kit.target.customerRef },
              { customerAccessToken: s.token, scaToken, ...o },
            );
      },
    },
    {
      // On an authorisation of its own, for more than it authorised: an increase, or a new total, either way
      // (OP-D-23); what it leaves is not read back.
      operationId: 'UpwardAdjustment',
      minor: 2 * adjusted,
      body: (minor) => ({ amount: amount(minor) }),
      request: (s, o) =>
        opRequest(
          s.session,
          'UpwardAdjustment',
          { customerRef: s.kit.target.customerRef, authorisationId: s.adjustedId },
          { customerAccessToken: s.token, ...o },
        ),
    },
    {
      operationId: 'Settle',
      minor: penny,
      body: (minor) => ({ ...settleBody(minor) }),
      request: (s, o) =>
        opRequest(
          s.session,
          'Settle',
          { customerRef: s.kit.target.customerRef, authorisationId: s.authorisationId },
          o,
        ),
    },
    {
      operationId: 'Reverse',
      minor: penny,
      body: (minor) => ({ amount: amount(minor) }),
      request: (s, o) =>
        opRequest(
          s.session,
          'Reverse',
          { customerRef: s.kit.target.customerRef, authorisationId: s.authorisationId },
          o,
        ),
    },
    {
      operationId: 'Refund',
      minor: penny,
      body: (minor) => ({ ...refundBody(minor) }),
      request: (s, o) =>
        opRequest(
          s.session,
          'Refund',
          { customerRef: s.kit.target.customerRef, transactionId: s.transactionId },
          o,
        ),
    },
  ];
}

function cases(): NegativeCase[] {
  const out: NegativeCase[] = [];
  for (const op of bodyOperations()) {
    const valid = op.body(op.minor);
    const moves =
      op.operationId === 'Settle' || op.operationId === 'Reverse' || op.operationId === 'Refund'
        ? op.minor
        : 0;
    for (const breakage of amountMust) {
      out.push({
        checkId: 'OP-NEG-001',
        operationId: op.operationId,
        description: `${op.operationId} with ${breakage.what}`,
        pass: '4xx',
        names: { pointer: breakage.pointer },
        request: (s) => op.request(s, { body: { ...valid, amount: breakage.amount } }),
      });
    }
    for (const [what, value] of [
      ['without its amount', undefined],
      ['with amount null', null],
    ] as const) {
      const { amount: _dropped, ...rest } = valid;
      out.push({
        checkId: 'OP-NEG-002',
        operationId: op.operationId,
        description: `${op.operationId} ${what}`,
        pass: '4xx',
        names: { pointer: '#/amount' },
        request: (s) => op.request(s, { body: value === undefined ? rest : { ...rest, amount: value } }),
      });
    }
    for (const breakage of amountShould) {
      out.push({
        checkId: 'OP-NEG-006',
        operationId: op.operationId,
        description: `${op.operationId} with ${breakage.what}`,
        pass: [400],
        names: { pointer: breakage.pointer },
        request: (s) => op.request(s, { body: { ...valid, amount: breakage.amount } }),
      });
    }
    for (const [raw, what] of wholeBodies) {
      out.push({
        checkId: 'OP-NEG-003',
        operationId: op.operationId,
        description: `${op.operationId} with a body that is ${what}`,
        pass: [400],
        names: { pointer: '#' },
        request: (s) => op.request(s, { raw: { text: raw, contentType: 'application/json' } }),
      });
    }
    out.push({
      checkId: 'OP-NEG-009',
      operationId: op.operationId,
      description: `${op.operationId} with an unknown member (treatmentId, as the older generation sends, S9)`,
      pass: '2xx',
      moves,
      request: (s) =>
        op.request(s, { body: { ...valid, treatmentId: 'efb4929f-e781-4503-9035-18926cae56fd' } }),
    });
  }
  const authorise = bodyOperations()[1] as BodyOperation;
  const initiate = bodyOperations()[0] as BodyOperation;
  const valid = authorise.body(base);
  const { orderReference: _none, ...withoutReference } = valid;
  for (const [what, body, pointer] of [
    ['without orderReference', withoutReference, '#/orderReference'],
    ['with an empty orderReference', { ...valid, orderReference: '' }, '#/orderReference'],
    ['with a spendOptionId that is not a UUID', { ...valid, spendOptionId: 'not-a-uuid' }, '#/spendOptionId'],
  ] as const) {
    out.push({
      checkId: 'OP-NEG-006',
      operationId: 'Authorise',
      description: `Authorise ${what}`,
      pass: [400],
      names: { pointer },
      request: (s) => authorise.request(s, { body }),
    });
  }
  out.push({
    checkId: 'OP-NEG-006',
    operationId: 'Initiate',
    description: 'Initiate with exemptionOverride "yes"',
    pass: [400],
    names: { pointer: '#/exemptionOverride' },
    request: (s) => initiate.request(s, { body: { ...initiate.body(base), exemptionOverride: 'yes' } }),
  });
  // Headers (OP-D-03): left out, or malformed, on a settle of a penny and on the spend options.
  const settle = bodyOperations()[3] as BodyOperation;
  const settleHeaders: [string, string | undefined][] = [
    ['context-merchantId', undefined],
    ['context-tenantId', undefined],
    ['client-session-id', undefined],
    ['idempotency-key', undefined],
    ['context-merchantId', 'not-a-uuid'],
    ['idempotency-key', 'not-a-uuid'],
  ];
  for (const [header, value] of settleHeaders) {
    out.push({
      checkId: 'OP-NEG-007',
      operationId: 'Settle',
      description: `Settle ${value === undefined ? `without ${header}` : `with ${header} ${JSON.stringify(value)}`}`,
      pass: [400],
      names: { header },
      moves: penny,
      request: (s) =>
        settle.request(
          s,
          value === undefined
            ? { body: settle.body(penny), omit: [header] }
            : { body: settle.body(penny), headers: { [header]: value } },
        ),
    });
  }
  out.push({
    checkId: 'OP-NEG-007',
    operationId: 'SpendOptionsForCustomerRef',
    description: 'SpendOptionsForCustomerRef without client-session-id',
    pass: [400],
    names: { header: 'client-session-id' },
    request: (s) =>
      opRequest(
        s.session,
        'SpendOptionsForCustomerRef',
        { customerRef: s.kit.target.customerRef },
        { query: { basketAmount: '100' }, omit: ['client-session-id'] },
      ),
  });
  // The query (OP-D-05).
  for (const value of ['0', '-1', '0.001', 'abc', '100000.01']) {
    out.push({
      checkId: 'OP-NEG-008',
      operationId: 'SpendOptionsForCustomerRef',
      description: `SpendOptionsForCustomerRef with basketAmount=${value}`,
      pass: [400],
      names: { parameter: 'basketAmount' },
      request: (s) =>
        opRequest(
          s.session,
          'SpendOptionsForCustomerRef',
          { customerRef: s.kit.target.customerRef },
          { query: { basketAmount: value } },
        ),
    });
  }
  // Malformed path ids (OP-D-04, S15: 400 invalid data, 404 does not exist).
  for (const [operationId, params] of [
    ['Settle', { authorisationId: 'not-a-uuid' }],
    ['Reverse', { authorisationId: '12345' }],
    ['Refund', { transactionId: 'not-a-uuid' }],
  ] as const) {
    out.push({
      checkId: 'OP-NEG-004',
      operationId,
      description: `${operationId} on ${Object.entries(params)
        .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
        .join('')}`,
      pass: [400, 404],
      request: (s) =>
        opRequest(
          s.session,
          operationId,
          { customerRef: s.kit.target.customerRef, ...params },
          { body: { amount: amount(penny) } },
        ),
    });
  }
  out.push({
    checkId: 'OP-NEG-004',
    operationId: 'SpendOptionsForCustomerRef',
    description: 'SpendOptionsForCustomerRef for customerRef "not a ref!"',
    pass: [400, 404],
    request: (s) =>
      opRequest(
        s.session,
        'SpendOptionsForCustomerRef',
        { customerRef: 'not a ref!' },
        { query: { basketAmount: '100' } },
      ),
  });
  // Transport (OP-D-13, OP-D-30).
  out.push({
    checkId: 'OP-TR-001',
    operationId: 'Settle',
    description: 'Settle with a body over 1 MiB',
    pass: [413],
    moves: penny,
    request: (s) =>
      settle.request(s, { body: { ...settle.body(penny), description: 'x'.repeat(1024 * 1024 + 1024) } }),
  });
  out.push({
    checkId: 'OP-TR-002',
    operationId: 'Settle',
    description: 'Settle with the body sent as text/plain',
    pass: [415],
    moves: penny,
    request: (s) =>
      settle.request(s, { raw: { text: JSON.stringify(settle.body(penny)), contentType: 'text/plain' } }),
  });
  return out;
}

/** Whether a problem's errors name the place: a pointer (or one under it), a header, a parameter. */
export function namesPlace(body: Record<string, unknown> | undefined, place: NegativeCase['names']): boolean {
  if (place === undefined) return true;
  const errors = Array.isArray(body?.errors) ? (body.errors as Record<string, unknown>[]) : [];
  return errors.some((e) => {
    if (typeof e !== 'object' || e === null) return false;
    if (place.pointer !== undefined && typeof e.pointer === 'string')
      return e.pointer === place.pointer || e.pointer.startsWith(`${place.pointer}/`);
    if (place.header !== undefined && typeof e.header === 'string')
      return e.header.toLowerCase() === place.header.toLowerCase();
    if (place.parameter !== undefined) return e.parameter === place.parameter;
    return false;
  });
}

function passes(pass: NegativeCase['pass'], status: number): boolean {
  if (pass === '4xx') return status >= 400 && status < 500;
  if (pass === '2xx') return status >= 200 && status < 300;
  return pass.includes(status);
}

export async function runOrderProcessingNegative(
  kit: OpKit,
  options: { readonly onProgress?: (message: string, done: number, total: number) => void } = {},
): Promise<SuiteStats> {
  const started = performance.now();
  const requestsBefore = kit.counters.requests;
  const notes: string[] = [];
  const all = cases();
  const prepared = await prepare(kit, 'negative', 500, 100);
  if (prepared?.transactionId === undefined) {
    notes.push('setup failed: an authorisation with a settlement; no case was sent');
    return {
      name: 'negative',
      durationMs: Math.round(performance.now() - started),
      requests: kit.counters.requests - requestsBefore,
      note: notes.join('; '),
    };
  }
  const { session } = prepared;
  const forAdjustments = await prepare(kit, 'negative', adjusted);
  if (forAdjustments === undefined) {
    notes.push('setup failed: an authorisation for the upward adjustment cases; no case was sent');
    return {
      name: 'negative',
      durationMs: Math.round(performance.now() - started),
      requests: kit.counters.requests - requestsBefore,
      note: notes.join('; '),
    };
  }
  // prepare() asked the adapter for it.
  const token = kit.accessTokens.get(kit.target.customerRef) ?? '';
  const state: State = {
    session,
    kit,
    authorisationId: prepared.authorisationId,
    transactionId: prepared.transactionId,
    adjustedId: forAdjustments.authorisationId,
    token,
    scaToken: () => freshScaToken(kit, session, token),
  };
  // What the kit expects is left, and whether it still knows it.
  let float = 400;
  let refundableLeft = 100;
  let known = true;
  const authorised: string[] = [];
  const settled: string[] = [];
  const setup = [...session.transcript.entries];
  let done = 0;
  for (const negative of all) {
    options.onProgress?.('negative cases', done++, all.length);
    const request = await negative.request(state);
    if (request === undefined) continue;
    const answer = await session.send(request);
    const transcript = [...setup, answer.exchange];
    recordContract(kit, answer, session, negative.description);
    const response = answer.exchange.response;
    if (response === undefined) continue;
    const status = response.status;
    const body = jsonObject(response);
    const failures = [];
    const ok = passes(negative.pass, status);
    if (!ok) {
      const why = problemName(body?.type);
      failures.push({
        checkId: negative.checkId,
        operationId: negative.operationId,
        message: `#${answer.exchange.n}: ${negative.description} answered ${status}${why === undefined ? '' : ` ${why}`}; expected ${negative.pass === '4xx' ? 'a refusal (4xx)' : negative.pass === '2xx' ? 'it to be taken' : negative.pass.join(' or ')}`,
      });
    }
    const must =
      negative.checkId === 'OP-NEG-001' ||
      negative.checkId === 'OP-NEG-002' ||
      negative.checkId === 'OP-NEG-003';
    kit.recorder.judge([negative.checkId], failures, {
      section: kit.spec.section(negative.operationId),
      case: negative.description,
      transcript,
    });
    // How the refusal is worded: a 400 naming the member (SHOULD).
    if (negative.names !== undefined && status >= 400 && status < 500) {
      const naming: CheckId = must ? 'OP-NEG-005' : negative.checkId;
      const named = status === 400 && namesPlace(body, negative.names);
      if (must || ok) {
        kit.recorder.judge(
          [naming],
          named
            ? []
            : [
                {
                  checkId: naming,
                  operationId: negative.operationId,
                  message: `#${answer.exchange.n}: ${negative.description}: answered ${status}${status === 400 ? ` naming ${describeErrors(body)}` : ''}; OP-D-10 names ${JSON.stringify(negative.names)} in a 400`,
                },
              ],
          { section: kit.spec.section(negative.operationId), case: negative.description, transcript },
        );
      }
    }
    // What an accepted request moved.
    if (status >= 200 && status < 300) {
      if (negative.operationId === 'Authorise' && typeof body?.authorisationId === 'string')
        authorised.push(body.authorisationId);
      if (negative.moves === undefined || negative.moves === 0) {
        if (
          negative.operationId === 'Settle' ||
          negative.operationId === 'Reverse' ||
          negative.operationId === 'Refund'
        )
          known = false;
      } else if (negative.operationId === 'Settle') {
        float -= negative.moves;
        if (typeof body?.transactionId === 'string') settled.push(body.transactionId);
      } else if (negative.operationId === 'Reverse') float -= negative.moves;
      else if (negative.operationId === 'Refund') refundableLeft -= negative.moves;
    }
  }
  options.onProgress?.('negative cases', all.length, all.length);
  await readBack(kit, session, state, known, float, refundableLeft, setup.length);
  await releaseAll(kit, session, state, authorised, settled);
  await releaseFloat(kit, session, state.adjustedId);
  return {
    name: 'negative',
    durationMs: Math.round(performance.now() - started),
    requests: kit.counters.requests - requestsBefore,
    ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
  };
}

function describeErrors(body: Record<string, unknown> | undefined): string {
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  return errors.length === 0
    ? 'nothing'
    : JSON.stringify(
        errors.map(
          (e) =>
            (e as Record<string, unknown>).pointer ??
            (e as Record<string, unknown>).header ??
            (e as Record<string, unknown>).parameter,
        ),
      );
}

/** An sca-token valid for £1.00: Initiate, and the customer's SCA through the adapter when it is required. */
async function freshScaToken(kit: OpKit, session: OpSession, token: string): Promise<string | undefined> {
  const answer = await session.send(
    opRequest(
      session,
      'Initiate',
      { customerRef: kit.target.customerRef },
      { customerAccessToken: token, body: initiateBody(base) },
    ),
  );
  const body = jsonObject(answer.exchange.response);
  if (answer.exchange.response?.status !== 200 || typeof body?.scaToken !== 'string') return undefined;
  if (body.scaStatus !== 'AuthenticationRequired') return body.scaToken;
  try {
    return await kit.adapter.completeSca({
      baseUrl: kit.client.baseUrl,
      merchantId: kit.target.merchantId,
      tenantId: kit.target.tenantId,
      subscriptionKey: kit.target.subscriptionKey,
      customerRef: kit.target.customerRef,
      scaToken: body.scaToken,
      widgetUrl: typeof body.widgetUrl === 'string' ? body.widgetUrl : undefined,
    });
  } catch {
    return undefined;
  }
}

/**
 * Nothing moved on a refused request: the float and the refundable amount the kit
 * expects are exactly what is left (a full reverse and a full refund succeed, and the
 * reverse answers remainingFloat 0). Judged with OP-NEG-001 (its "moves nothing").
 */
async function readBack(
  kit: OpKit,
  session: OpSession,
  state: State,
  known: boolean,
  float: number,
  refundableLeft: number,
  from: number,
): Promise<void> {
  const customerRef = kit.target.customerRef;
  const reverse = await session.send(
    opRequest(
      session,
      'Reverse',
      { customerRef, authorisationId: state.authorisationId },
      { body: { amount: amount(float) } },
    ),
  );
  const refund = await session.send(
    opRequest(
      session,
      'Refund',
      { customerRef, transactionId: state.transactionId },
      { body: refundBody(refundableLeft) },
    ),
  );
  for (const answer of [reverse, refund])
    recordContract(kit, answer, session, 'reading back what the negative cases left');
  if (!known) return;
  const failures = [];
  const remaining = (jsonObject(reverse.exchange.response)?.remainingFloat as { value?: unknown } | undefined)
    ?.value;
  if (!succeeded(reverse) || remaining !== 0) {
    failures.push(
      moved(
        reverse,
        `a full reverse of the ${gbp(float)} the refused cases should have left answered ${reverse.exchange.response?.status ?? 'nothing'}${remaining === undefined ? '' : ` with remainingFloat ${JSON.stringify(remaining)}`}`,
      ),
    );
  }
  if (!succeeded(refund)) {
    failures.push(
      moved(
        refund,
        `a full refund of the ${gbp(refundableLeft)} the refused cases should have left answered ${refund.exchange.response?.status ?? 'nothing'}`,
      ),
    );
  }
  kit.recorder.judge(['OP-NEG-001'], failures, {
    section: kit.spec.section('Reverse'),
    case: 'reading back what the negative cases left',
    transcript: session.transcript.entries.slice(0, from).concat(session.transcript.entries.slice(-2)),
  });
}

function succeeded(answer: Answer): boolean {
  const status = answer.exchange.response?.status;
  return status !== undefined && status >= 200 && status < 300;
}

function moved(answer: Answer, message: string) {
  return {
    checkId: 'OP-NEG-001' as const,
    operationId: answer.exchange.operationId,
    message: `#${answer.exchange.n}: ${message}: a refused request moved money`,
  };
}

/** Best effort, unjudged: reverses what is left of an authorisation, as a reverse of a penny says. */
async function releaseFloat(kit: OpKit, session: OpSession, authorisationId: string): Promise<void> {
  const on = { customerRef: kit.target.customerRef, authorisationId };
  const probe = await session.send(opRequest(session, 'Reverse', on, { body: { amount: amount(penny) } }));
  const left = (jsonObject(probe.exchange.response)?.remainingFloat as { value?: unknown } | undefined)
    ?.value;
  if (typeof left === 'number' && left > 0) {
    await session.send(
      opRequest(session, 'Reverse', on, { body: { amount: { value: left, currencyCode: 'GBP' } } }),
    );
  }
}

/** Best effort, unjudged: whatever accepted cases authorised or settled is released. */
async function releaseAll(
  kit: OpKit,
  session: OpSession,
  _state: State,
  authorised: readonly string[],
  settled: readonly string[],
): Promise<void> {
  const customerRef = kit.target.customerRef;
  const tries: OutgoingRequest[] = [
    ...authorised.map((authorisationId) =>
      opRequest(session, 'Reverse', { customerRef, authorisationId }, { body: { amount: amount(base) } }),
    ),
    ...settled.map((transactionId) =>
      opRequest(session, 'Refund', { customerRef, transactionId }, { body: refundBody(penny) }),
    ),
  ];
  for (const request of tries) await session.send(request).catch(() => undefined);
}
