// The model-based commands of Order Processing: spend options, Initiate, the
// customer completing SCA (through the adapter), Authorise (with a fresh or an
// earlier sca-token, with or without a spend option; or, once Initiate said
// authentication is required, with none or one never issued), upward adjustment, settle,
// reverse and refund with valid and invalid amounts, replays with the same
// idempotency key and body, and the same key with another body. Each resolves its
// amounts against the model when it runs (a third of the float, all of it, a penny
// over), sends its requests, judges each answer against the oracle and lets the model
// follow what the target answered. A sequence ends by releasing what it holds.
import type fc from 'fast-check';
import type { CheckId } from '../catalogue.ts';
import type { OutgoingRequest } from '../client.ts';
import { type StepVerdict, stepVerdict } from '../model/judge.ts';
import type { Failure } from '../results.ts';
import type { SequenceReal } from '../sequences.ts';
import type { Answer } from '../session.ts';
import { elapsed } from '../session.ts';
import { type AdapterStep, jsonObject } from '../transcript.ts';
import { keyReused } from './accepts.ts';
import { adapterContext } from './adapter.ts';
import {
  adjustExpectation,
  adjusted,
  authoriseExpectation,
  type Expectation,
  exposure,
  floatsOf,
  gbp,
  judgeAnswer,
  judgeRemainingFloat,
  type ModelAuthorisation,
  type ModelPost,
  type ModelToken,
  moved,
  moveExpectation,
  notMoved,
  type OpModel,
  refundable,
  refundExpectation,
  replayedAdjustment,
  type Unauthenticated,
  unauthenticatedExpectation,
  unissuedLike,
} from './oracle.ts';
import {
  amount,
  authoriseBody,
  initiateBody,
  type OpSession,
  opRequest,
  pounds,
  refundBody,
  settleBody,
} from './requests.ts';
import { largestAmountMinor } from './sources.ts';
import { judgeSpendOptions, type SpendOptionQuery } from './spend-options.ts';

export class OpReal implements SequenceReal {
  readonly steps: string[] = [];
  /** Authorise requests made so far, to number them in the steps. */
  authorisations = 0;
  constructor(
    readonly session: OpSession,
    /** Records a SHOULD warning of a step (the suite decides when warnings count). */
    readonly warn: (failure: Failure, real: OpReal) => void = () => {},
  ) {}
}

type OpCommand = fc.AsyncCommand<OpModel, OpReal>;

// --- amounts ---------------------------------------------------------------------

/** An authorisation's or adjustment's amount: part of the budget left, a small fixed amount, or the largest the contract takes. */
export type AuthAmount =
  | { readonly kind: 'budget'; readonly num: number; readonly den: number }
  | { readonly kind: 'fixed'; readonly minor: number }
  | { readonly kind: 'largest' };

/** A settle's, reverse's or refund's amount, relative to what is left. */
export type MoveAmount =
  | { readonly kind: 'fraction'; readonly num: number; readonly den: number }
  | { readonly kind: 'all' }
  | { readonly kind: 'above'; readonly extraMinor: number }
  | { readonly kind: 'invalid'; readonly raw: unknown; readonly what: string };

function budgetLeft(m: OpModel, r: OpReal): number {
  const kit = r.session.kit;
  return Math.max(0, kit.target.budgetMinor - exposure(m) - kit.ledger.carried);
}

function resolveAuth(spec: AuthAmount, m: OpModel, r: OpReal): { minor: number; what: string } {
  switch (spec.kind) {
    case 'budget': {
      const left = budgetLeft(m, r);
      return {
        minor: Math.max(1, Math.floor((left * spec.num) / spec.den)),
        what: `${spec.num}/${spec.den} of the budget left`,
      };
    }
    case 'fixed':
      return { minor: spec.minor, what: 'a fixed amount' };
    case 'largest':
      return { minor: largestAmountMinor, what: 'the largest amount, to provoke a decline' };
  }
}

function resolveMove(
  spec: MoveAmount,
  low: number,
  high: number,
  basis: string,
): { wire: unknown; minor?: number; what: string } {
  const penny = { wire: amount(1), minor: 1, what: `a penny, with ${basis} at £0.00` };
  switch (spec.kind) {
    case 'fraction': {
      if (low === 0) return penny;
      const minor = Math.max(1, Math.floor((low * spec.num) / spec.den));
      return {
        wire: amount(minor),
        minor,
        what: spec.num === spec.den ? `all of ${basis}` : `${spec.num}/${spec.den} of ${basis}`,
      };
    }
    case 'all':
      return low === 0 ? penny : { wire: amount(low), minor: low, what: `all of ${basis}` };
    case 'above':
      return {
        wire: amount(high + spec.extraMinor),
        minor: high + spec.extraMinor,
        what: `${basis} + ${spec.extraMinor}p`,
      };
    case 'invalid':
      return { wire: spec.raw, what: spec.what };
  }
}

export function describeMove(spec: MoveAmount): string {
  switch (spec.kind) {
    case 'fraction':
      return `${spec.num}/${spec.den}`;
    case 'all':
      return 'all';
    case 'above':
      return `over by ${spec.extraMinor}p`;
    case 'invalid':
      return spec.what;
  }
}

function describeAuth(spec: AuthAmount): string {
  return spec.kind === 'budget'
    ? `${spec.num}/${spec.den} of budget`
    : spec.kind === 'fixed'
      ? `${spec.minor}p`
      : 'largest';
}

// --- the step's plumbing ----------------------------------------------------------

/** Sends the step's request and judges the answer against the expectation. */
async function step(
  r: OpReal,
  verdict: StepVerdict,
  request: OutgoingRequest,
  expectation: Expectation,
  replay = false,
): Promise<{
  answer: Answer;
  verdict: 'accepted' | 'refused' | 'none';
  body: Record<string, unknown> | undefined;
}> {
  const answer = await r.session.send(request, { replay });
  verdict.contract(answer);
  const judged = judgeAnswer(expectation, answer.exchange);
  verdict.add(judged.evaluated, judged.failures);
  return { answer, verdict: judged.verdict, body: jsonObject(answer.exchange.response) };
}

function failure(checkId: CheckId, answer: Answer, message: string): Failure {
  return { checkId, operationId: answer.exchange.operationId, message: `#${answer.exchange.n}: ${message}` };
}

/**
 * One adapter call that resolves to a token (OP-ADP-001): numbered and timed in the
 * transcript as `entry`, its answer held to being a non-empty string; undefined when
 * it failed, with the failure "failed for" the sca-token, or else the customer.
 */
async function adapterStep(
  r: OpReal,
  verdict: StepVerdict,
  entry: Pick<AdapterStep, 'step' | 'customerRef' | 'scaToken'>,
  call: () => Promise<unknown>,
): Promise<string | undefined> {
  const { session } = r;
  const n = session.transcript.reserve();
  const started = performance.now();
  try {
    const token = await call();
    if (typeof token !== 'string' || token === '')
      throw new Error(`it resolved to ${JSON.stringify(token)}, not a token`);
    session.transcript.add({ kind: 'customer', n, ...entry, ok: true, durationMs: elapsed(started) });
    verdict.add(['OP-ADP-001'], []);
    return token;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    session.transcript.add({
      kind: 'customer',
      n,
      ...entry,
      ok: false,
      error: message,
      durationMs: elapsed(started),
    });
    verdict.add(
      ['OP-ADP-001'],
      [
        {
          checkId: 'OP-ADP-001',
          message: `#${n}: the adapter's ${entry.step} failed for ${entry.scaToken ?? entry.customerRef}: ${message}`,
        },
      ],
    );
    return undefined;
  }
}

/** The customer's access token, through the adapter once per run (OP-ADP-001). */
export async function accessToken(
  r: OpReal,
  verdict: StepVerdict,
  customerRef: string,
): Promise<string | undefined> {
  const kit = r.session.kit;
  const known = kit.accessTokens.get(customerRef);
  if (known !== undefined) return known;
  const token = await adapterStep(r, verdict, { step: 'customerAccessToken', customerRef }, () =>
    kit.adapter.customerAccessToken({ ...adapterContext(kit), customerRef }),
  );
  if (token !== undefined) {
    kit.accessTokens.set(customerRef, token);
    kit.client.redact(token, `<customer-access-token of ${customerRef}>`);
  }
  return token;
}

/** The customer completes SCA for a token (OP-ADP-001); resolves to the sca-token to send. */
function completeSca(r: OpReal, verdict: StepVerdict, token: ModelToken): Promise<string | undefined> {
  const { kit } = r.session;
  return adapterStep(
    r,
    verdict,
    { step: 'completeSca', customerRef: kit.target.customerRef, scaToken: token.scaToken },
    () =>
      kit.adapter.completeSca({
        ...adapterContext(kit),
        scaToken: token.scaToken,
        widgetUrl: token.widgetUrl,
      }),
  );
}

/** Initiate for an amount; the token joins the model (document step 2; OP-D-19). */
async function initiate(
  r: OpReal,
  m: OpModel,
  verdict: StepVerdict,
  minor: number,
  override: boolean,
): Promise<ModelToken | undefined> {
  const { session } = r;
  const customerRef = session.kit.target.customerRef;
  const token = await accessToken(r, verdict, customerRef);
  if (token === undefined) return undefined;
  const request = opRequest(
    session,
    'Initiate',
    { customerRef },
    {
      customerAccessToken: token,
      body: initiateBody(minor, override ? true : undefined),
    },
  );
  const sent = await step(r, verdict, request, {
    because: "Initiate with the customer's own token (step 2)",
    accept: true,
    refuse: false,
  });
  if (sent.verdict !== 'accepted' || sent.body === undefined) return undefined;
  const { scaStatus, scaToken, widgetUrl } = sent.body;
  const wrong: string[] = [];
  if (scaStatus !== 'Exempt' && scaStatus !== 'AuthenticationRequired')
    wrong.push(`scaStatus is ${JSON.stringify(scaStatus)}, neither Exempt nor AuthenticationRequired`);
  if (typeof scaToken !== 'string' || scaToken === '') wrong.push('there is no scaToken to authorise with');
  if (scaStatus === 'AuthenticationRequired' && (typeof widgetUrl !== 'string' || widgetUrl === ''))
    wrong.push(
      'authentication is required, yet there is no widgetUrl (step 2: the response will provide the widget URL)',
    );
  verdict.add(
    ['OP-SCA-001'],
    wrong.length === 0 ? [] : [failure('OP-SCA-001', sent.answer, wrong.join('; '))],
  );
  const ours: string[] = [];
  if (scaStatus === 'Exempt' && widgetUrl !== undefined) ours.push('an Exempt answer carries a widgetUrl');
  if (override && scaStatus === 'Exempt') ours.push('exemptionOverride: true, yet the answer is Exempt');
  verdict.add(
    ['OP-SCA-006'],
    ours.length === 0 ? [] : [failure('OP-SCA-006', sent.answer, `${ours.join('; ')} (OP-D-19)`)],
  );
  if (wrong.length > 0) return undefined;
  const added: ModelToken = {
    scaToken: scaToken as string,
    status: scaStatus === 'Exempt' ? 'exempt' : 'pending',
    amountMinor: minor,
    widgetUrl: typeof widgetUrl === 'string' ? widgetUrl : undefined,
  };
  m.tokens.push(added);
  return added;
}

/** Keeps a successful POST for replays. */
function remember(
  m: OpModel,
  operationId: string,
  label: string,
  request: OutgoingRequest,
  answer: Answer,
  ids: readonly string[],
  amountMinor: number,
  on: { authorisation?: number; transaction?: number } = {},
): void {
  const response = answer.exchange.response;
  const body = jsonObject(response);
  if (response === undefined || body === undefined) return;
  const kept = Object.fromEntries(
    ids.filter((id) => typeof body[id] === 'string').map((id) => [id, body[id] as string]),
  );
  m.posts.push({
    operationId,
    label,
    request,
    status: response.status,
    body: response.body,
    ids: kept,
    amountMinor,
    ...on,
  });
}

// --- Authorise ----------------------------------------------------------------------

export interface AuthoriseOptions {
  /** Use the sca-token of an earlier Initiate (any state) instead of a fresh one. */
  readonly token?: { readonly pick: number; readonly relation: 'equal' | 'less' | 'more' };
  /** Initiate with exemptionOverride: true (a fresh token only). */
  readonly override?: boolean;
  /** Authorise with a spendOptionId the customer's spend options offer for the amount; which of them. */
  readonly spendOption?: number;
  /**
   * Initiate with exemptionOverride: true and, once it answers AuthenticationRequired,
   * Authorise without the customer authenticating: with no sca-token, or with one the
   * target never issued (OP-SCA-007).
   */
  readonly unauthenticated?: Unauthenticated;
}

const unauthenticatedSteps: Record<Unauthenticated, string> = {
  missing: 'without an sca-token',
  unissued: "with an sca-token the target never issued (the Initiate's with one character changed)",
};

export class AuthoriseCommand implements OpCommand {
  constructor(
    readonly amount: AuthAmount,
    readonly options: AuthoriseOptions = {},
  ) {}

  check(m: Readonly<OpModel>): boolean {
    return this.options.token === undefined || m.tokens.length > 0;
  }

  async run(m: OpModel, r: OpReal): Promise<void> {
    const { session } = r;
    const kit = session.kit;
    const customerRef = kit.target.customerRef;
    const verdict = stepVerdict(r);
    const number = ++r.authorisations;
    const unauthenticated = this.options.unauthenticated;
    let token: ModelToken | undefined;
    let minor: number;
    let what: string;
    if (this.options.token !== undefined) {
      token = m.tokens[this.options.token.pick % m.tokens.length] as ModelToken;
      const relation = this.options.token.relation;
      minor =
        relation === 'equal'
          ? token.amountMinor
          : relation === 'less'
            ? Math.max(1, token.amountMinor - Math.max(1, Math.floor(token.amountMinor / 3)))
            : Math.min(largestAmountMinor, token.amountMinor + 1);
      what = `${relation === 'equal' ? 'the amount' : relation === 'less' ? 'less than' : 'a penny more than'} ${token.status} sca-token ${m.tokens.indexOf(token) + 1} covers (${gbp(token.amountMinor)})`;
      r.steps.push(`authorise ${number}: ${gbp(minor)}, ${what}`);
    } else {
      ({ minor, what } = resolveAuth(this.amount, m, r));
      const override = this.options.override === true || unauthenticated !== undefined;
      r.steps.push(
        `authorise ${number}: ${gbp(minor)} (${what})${override ? ', initiated with exemptionOverride' : ''}${this.options.spendOption === undefined ? '' : ', with a spend option offered for it'}${unauthenticated === undefined ? '' : `, then, the customer not authenticating, ${unauthenticatedSteps[unauthenticated]}`}`,
      );
      token = await initiate(r, m, verdict, minor, override);
      if (token === undefined) return verdict.throwIfFailed();
      if (unauthenticated !== undefined) {
        // Exempt despite the override (OP-SCA-006 warned): no authentication to go without.
        if (token.status !== 'pending') return verdict.throwIfFailed();
      } else if (token.status === 'pending') {
        const done = await completeSca(r, verdict, token);
        if (done === undefined) return verdict.throwIfFailed();
        token.scaToken = done;
        token.status = 'completed';
      }
    }
    const access = await accessToken(r, verdict, customerRef);
    if (access === undefined) return verdict.throwIfFailed();
    let spendOptionId: string | undefined;
    if (this.options.spendOption !== undefined) {
      spendOptionId = await offeredSpendOption(r, verdict, minor, this.options.spendOption);
      if (spendOptionId === undefined) return verdict.throwIfFailed();
    }
    const before = exposure(m) + kit.ledger.carried;
    let expectation =
      unauthenticated === undefined
        ? authoriseExpectation(token, minor, before, kit.target.budgetMinor)
        : unauthenticatedExpectation(unauthenticated);
    if (spendOptionId !== undefined && !expectation.refuse)
      expectation = {
        ...expectation,
        refusedBreaks: 'OP-SPO-002',
        because: `${expectation.because}, with a spendOptionId offered for it (step 1)`,
      };
    const request = opRequest(
      session,
      'Authorise',
      { customerRef },
      {
        customerAccessToken: access,
        ...(unauthenticated === 'missing'
          ? {}
          : { scaToken: unauthenticated === 'unissued' ? unissuedLike(token.scaToken) : token.scaToken }),
        body: authoriseBody(minor, `kit-${kit.nonce}-${number}`, spendOptionId),
      },
    );
    const sent = await step(r, verdict, request, expectation);
    const body = sent.body;
    if (sent.verdict === 'accepted') {
      // Without the customer's authentication the Initiate's token was not sent: it still awaits them.
      if (unauthenticated === undefined) token.status = 'used';
      const authorisationId = body?.authorisationId;
      const authorised = body?.result === 'Authorised';
      if (!authorised && !expectation.refuse) {
        verdict.add(
          ['OP-CRD-001'],
          [
            failure(
              'OP-CRD-001',
              sent.answer,
              `Declined (${String(body?.declineReason ?? 'no reason')}); expected Authorised: ${expectation.because}`,
            ),
          ],
        );
      } else if (!expectation.refuse) verdict.add(['OP-CRD-001'], []);
      if (typeof authorisationId === 'string') {
        m.authorisations.push({
          authorisationId,
          number,
          result: authorised ? 'Authorised' : 'Declined',
          candidates: [
            { authorised: authorised ? minor : 0, float: authorised ? minor : 0, reading: 'increase' },
          ],
          settled: 0,
          reversed: 0,
        });
        remember(m, 'Authorise', `authorise ${number}`, request, sent.answer, ['authorisationId'], minor, {
          authorisation: m.authorisations.length - 1,
        });
      }
    } else if (sent.verdict === 'refused' && token.status !== 'pending' && token.status !== 'used') {
      token.status = 'uncertain';
    }
    verdict.throwIfFailed();
  }

  toString(): string {
    const t = this.options.token;
    return t === undefined
      ? `authorise(${describeAuth(this.amount)}${this.options.override ? ', override' : ''}${this.options.spendOption === undefined ? '' : ', spend option'}${this.options.unauthenticated === undefined ? '' : `, ${this.options.unauthenticated} sca-token`})`
      : `authorise(token pick ${t.pick}, ${t.relation})`;
  }
}

/** A spendOptionId the customer's options offer for this basket (step 1); judged as spend options too. */
async function offeredSpendOption(
  r: OpReal,
  verdict: StepVerdict,
  minor: number,
  pick: number,
): Promise<string | undefined> {
  const { session } = r;
  const customerRef = session.kit.target.customerRef;
  const query: SpendOptionQuery = { basketMinor: minor };
  const request = opRequest(
    session,
    'SpendOptionsForCustomerRef',
    { customerRef },
    { query: { basketAmount: String(pounds(minor)) } },
  );
  const sent = await step(r, verdict, request, {
    because: 'spend options for a valid basket (step 1)',
    accept: true,
    refuse: false,
  });
  if (sent.verdict !== 'accepted') return undefined;
  const judged = judgeSpendOptions(
    sent.body,
    query,
    'customer',
    'SpendOptionsForCustomerRef',
    sent.answer.exchange.n,
  );
  verdict.add(judged.evaluated, judged.failures);
  const options = (sent.body?.options as { spendOptionId?: unknown }[] | undefined) ?? [];
  const ids = options.map((o) => o.spendOptionId).filter((id): id is string => typeof id === 'string');
  return ids[pick % Math.max(1, ids.length)];
}

// --- Initiate, SCA ----------------------------------------------------------------

export class InitiateCommand implements OpCommand {
  constructor(
    readonly amount: AuthAmount,
    readonly override: boolean,
  ) {}

  check(): boolean {
    return true;
  }

  async run(m: OpModel, r: OpReal): Promise<void> {
    const verdict = stepVerdict(r);
    const { minor, what } = resolveAuth(this.amount, m, r);
    r.steps.push(
      `initiate sca-token ${m.tokens.length + 1}: ${gbp(minor)} (${what})${this.override ? ' with exemptionOverride' : ''}`,
    );
    await initiate(r, m, verdict, minor, this.override);
    verdict.throwIfFailed();
  }

  toString(): string {
    return `initiate(${describeAuth(this.amount)}${this.override ? ', override' : ''})`;
  }
}

export class CompleteScaCommand implements OpCommand {
  constructor(readonly pick: number) {}

  check(m: Readonly<OpModel>): boolean {
    return m.tokens.some((t) => t.status === 'pending');
  }

  async run(m: OpModel, r: OpReal): Promise<void> {
    const verdict = stepVerdict(r);
    const pending = m.tokens.filter((t) => t.status === 'pending');
    const token = pending[this.pick % pending.length] as ModelToken;
    r.steps.push(`the customer completes SCA for sca-token ${m.tokens.indexOf(token) + 1} (adapter)`);
    const done = await completeSca(r, verdict, token);
    if (done !== undefined) {
      token.scaToken = done;
      token.status = 'completed';
    }
    verdict.throwIfFailed();
  }

  toString(): string {
    return `completeSca(pick ${this.pick})`;
  }
}

// --- the float ----------------------------------------------------------------------

/** The authorisations the kit still drives, by pick. */
function pickAuthorisation(m: Readonly<OpModel>, pick: number): number | undefined {
  const driven = m.authorisations.map((a, i) => (a.left === undefined ? i : -1)).filter((i) => i >= 0);
  return driven.length === 0 ? undefined : driven[pick % driven.length];
}

export class AdjustCommand implements OpCommand {
  constructor(
    readonly pick: number,
    readonly amount: AuthAmount,
  ) {}

  check(m: Readonly<OpModel>): boolean {
    return pickAuthorisation(m, this.pick) !== undefined;
  }

  async run(m: OpModel, r: OpReal): Promise<void> {
    const { session } = r;
    const kit = session.kit;
    const verdict = stepVerdict(r);
    const index = pickAuthorisation(m, this.pick) as number;
    const authorisation = m.authorisations[index] as ModelAuthorisation;
    const { minor, what } = resolveAuth(this.amount, m, r);
    r.steps.push(
      `upward adjustment of authorisation ${authorisation.number} (${authorisation.result}): ${gbp(minor)} more (${what})`,
    );
    const access = await accessToken(r, verdict, kit.target.customerRef);
    if (access === undefined) return verdict.throwIfFailed();
    const expectation = adjustExpectation(
      authorisation,
      minor,
      exposure(m) + kit.ledger.carried,
      kit.target.budgetMinor,
    );
    const request = opRequest(
      session,
      'UpwardAdjustment',
      { customerRef: kit.target.customerRef, authorisationId: authorisation.authorisationId },
      {
        customerAccessToken: access,
        body: { amount: amount(minor) },
      },
    );
    const sent = await step(r, verdict, request, expectation);
    if (sent.verdict === 'accepted') {
      if (authorisation.result === 'Declined') {
        authorisation.left = 'an upward adjustment of a declined authorisation was accepted';
      } else if (sent.body?.result === 'Authorised') {
        if (sent.body.authorisationId !== authorisation.authorisationId) {
          verdict.add(
            ['OP-ADJ-001'],
            [
              failure(
                'OP-ADJ-001',
                sent.answer,
                `the adjustment answered authorisationId ${JSON.stringify(sent.body.authorisationId)}, not ${authorisation.authorisationId} (OP-D-23 keeps it)`,
              ),
            ],
          );
          authorisation.left = 'the upward adjustment answered another authorisationId';
        } else {
          verdict.add(['OP-ADJ-001'], []);
          authorisation.candidates = adjusted(authorisation.candidates, minor);
          remember(
            m,
            'UpwardAdjustment',
            `adjust authorisation ${authorisation.number}`,
            request,
            sent.answer,
            ['authorisationId'],
            minor,
            { authorisation: index },
          );
        }
      } else if (!expectation.refuse) {
        verdict.add(
          [],
          [
            failure(
              'OP-CRD-001',
              sent.answer,
              `Declined (${String(sent.body?.declineReason ?? 'no reason')}); expected Authorised: ${expectation.because}`,
            ),
          ],
        );
      }
    }
    verdict.throwIfFailed();
  }

  toString(): string {
    return `adjust(pick ${this.pick}, ${describeAuth(this.amount)})`;
  }
}

/** Settle or reverse one amount of an authorisation; shared by the commands and the release at the end. */
async function moveFloat(
  kind: 'settle' | 'reverse',
  m: OpModel,
  r: OpReal,
  verdict: StepVerdict,
  index: number,
  spec: MoveAmount,
  prefix = '',
): Promise<void> {
  const { session } = r;
  const kit = session.kit;
  const authorisation = m.authorisations[index] as ModelAuthorisation;
  const floats = floatsOf(authorisation);
  const low = Math.min(...floats);
  const high = Math.max(...floats);
  const resolved = resolveMove(spec, low, high, 'the remaining float');
  r.steps.push(
    `${prefix}${kind} on authorisation ${authorisation.number} (${authorisation.result}): ${resolved.minor === undefined ? JSON.stringify(resolved.wire) : gbp(resolved.minor)} (${resolved.what})`,
  );
  const operationId = kind === 'settle' ? 'Settle' : 'Reverse';
  const expectation: Expectation =
    resolved.minor === undefined
      ? {
          because: `an amount ${resolved.what} is invalid input (S2, S15)`,
          accept: false,
          refuse: true,
          acceptedBreaks: 'OP-MDL-001',
        }
      : moveExpectation(kind, authorisation, resolved.minor);
  const request = opRequest(
    session,
    operationId,
    { customerRef: kit.target.customerRef, authorisationId: authorisation.authorisationId },
    {
      body: kind === 'settle' ? { ...settleBody(1), amount: resolved.wire } : { amount: resolved.wire },
    },
  );
  const sent = await step(r, verdict, request, expectation);
  const minor = resolved.minor;
  if (minor === undefined) return;
  if (sent.verdict === 'accepted' && authorisation.result === 'Authorised') {
    moved(authorisation, kind, minor);
    if (kind === 'settle') {
      const transactionId = sent.body?.transactionId;
      if (typeof transactionId === 'string') {
        m.transactions.push({ transactionId, authorisation: index, settled: minor, refunded: 0 });
        remember(
          m,
          operationId,
          `settle on authorisation ${authorisation.number}`,
          request,
          sent.answer,
          ['transactionId'],
          minor,
          {
            authorisation: index,
            transaction: m.transactions.length - 1,
          },
        );
      }
    } else {
      const judged = judgeRemainingFloat(authorisation, sent.body?.remainingFloat);
      verdict.add(
        ['OP-FLT-001'],
        judged.message === undefined ? [] : [failure('OP-FLT-001', sent.answer, judged.message)],
      );
      if (judged.reading?.reading === 'acted twice') {
        verdict.add(
          ['OP-IDM-001'],
          [
            failure(
              'OP-IDM-001',
              sent.answer,
              'the remainingFloat shows an upward adjustment twice: its replay (the same idempotency-key and body) acted again',
            ),
          ],
        );
      } else if (judged.reading?.reading === 'new total') {
        verdict.add(
          ['OP-ADJ-001'],
          [
            failure(
              'OP-ADJ-001',
              sent.answer,
              'the remainingFloat shows an upward adjustment read as the new total, not as an increase (OP-D-23)',
            ),
          ],
        );
      }
      remember(
        m,
        operationId,
        `reverse on authorisation ${authorisation.number}`,
        request,
        sent.answer,
        ['authorisationReversalId'],
        minor,
        { authorisation: index },
      );
    }
  } else if (sent.verdict === 'refused' && authorisation.result === 'Authorised') {
    notMoved(authorisation, minor, minor <= low);
  }
}

export class MoveCommand implements OpCommand {
  constructor(
    readonly kind: 'settle' | 'reverse',
    readonly pick: number,
    readonly amount: MoveAmount,
  ) {}

  check(m: Readonly<OpModel>): boolean {
    return pickAuthorisation(m, this.pick) !== undefined;
  }

  async run(m: OpModel, r: OpReal): Promise<void> {
    const verdict = stepVerdict(r);
    await moveFloat(this.kind, m, r, verdict, pickAuthorisation(m, this.pick) as number, this.amount);
    verdict.throwIfFailed();
  }

  toString(): string {
    return `${this.kind}(pick ${this.pick}, ${describeMove(this.amount)})`;
  }
}

async function refundTransaction(
  m: OpModel,
  r: OpReal,
  verdict: StepVerdict,
  index: number,
  spec: MoveAmount,
  prefix = '',
): Promise<void> {
  const { session } = r;
  const kit = session.kit;
  const transaction = m.transactions[index];
  if (transaction === undefined) return;
  const left = refundable(transaction);
  const resolved = resolveMove(spec, left, left, 'the refundable amount');
  r.steps.push(
    `${prefix}refund on transaction ${index + 1} (settled ${gbp(transaction.settled)}): ${resolved.minor === undefined ? JSON.stringify(resolved.wire) : gbp(resolved.minor)} (${resolved.what})`,
  );
  const expectation: Expectation =
    resolved.minor === undefined
      ? {
          because: `an amount ${resolved.what} is invalid input (S2, S15)`,
          accept: false,
          refuse: true,
          acceptedBreaks: 'OP-MDL-001',
        }
      : refundExpectation(transaction, resolved.minor);
  const request = opRequest(
    session,
    'Refund',
    { customerRef: kit.target.customerRef, transactionId: transaction.transactionId },
    {
      body: { ...refundBody(1), amount: resolved.wire },
    },
  );
  const sent = await step(r, verdict, request, expectation);
  if (sent.verdict === 'accepted' && resolved.minor !== undefined) {
    transaction.refunded += resolved.minor;
    remember(
      m,
      'Refund',
      `refund on transaction ${index + 1}`,
      request,
      sent.answer,
      ['refundTransactionId'],
      resolved.minor,
      { transaction: index },
    );
  }
}

export class RefundCommand implements OpCommand {
  constructor(
    readonly pick: number,
    readonly amount: MoveAmount,
  ) {}

  #driven(m: Readonly<OpModel>): number[] {
    return m.transactions.map((t, i) => (t.left === undefined ? i : -1)).filter((i) => i >= 0);
  }

  check(m: Readonly<OpModel>): boolean {
    return this.#driven(m).length > 0;
  }

  async run(m: OpModel, r: OpReal): Promise<void> {
    const verdict = stepVerdict(r);
    const driven = this.#driven(m);
    await refundTransaction(m, r, verdict, driven[this.pick % driven.length] as number, this.amount);
    verdict.throwIfFailed();
  }

  toString(): string {
    return `refund(pick ${this.pick}, ${describeMove(this.amount)})`;
  }
}

// --- idempotency --------------------------------------------------------------------

/** The same POST again, same idempotency-key and body: it acts once (OP-IDM-001) and answers the same (OP-IDM-002). */
export class ReplayCommand implements OpCommand {
  constructor(readonly pick: number) {}

  check(m: Readonly<OpModel>): boolean {
    return m.posts.length > 0;
  }

  async run(m: OpModel, r: OpReal): Promise<void> {
    const verdict = stepVerdict(r);
    const post = m.posts[this.pick % m.posts.length] as ModelPost;
    r.steps.push(`replay ${post.label} (the same idempotency-key and body)`);
    const expectation: Expectation = {
      because: 'a replay of a request that succeeded (S4: idempotency-key)',
      accept: true,
      refuse: true,
    };
    const sent = await step(r, verdict, post.request, expectation, true);
    const response = sent.answer.exchange.response;
    if (response === undefined) return verdict.throwIfFailed();
    const body = sent.body;
    const acted = Object.entries(post.ids).filter(
      ([id, value]) => sent.verdict === 'accepted' && body?.[id] !== value,
    );
    verdict.add(
      ['OP-IDM-001'],
      acted.length === 0
        ? []
        : [
            failure(
              'OP-IDM-001',
              sent.answer,
              `the replay acted again: ${acted.map(([id, value]) => `${id} ${JSON.stringify(body?.[id])}, the first answer's ${value}`).join('; ')}`,
            ),
          ],
    );
    const same = response.status === post.status && response.body === post.body;
    verdict.add(
      ['OP-IDM-002'],
      same
        ? []
        : [
            failure(
              'OP-IDM-002',
              sent.answer,
              `the replay answered ${response.status} ${clip(response.body)}; the first answer was ${post.status} ${clip(post.body)} (OP-D-29: byte for byte)`,
            ),
          ],
    );
    // An adjustment keeps its id, so its answer cannot show whether it acted again; a later float will.
    const authorisation = post.authorisation === undefined ? undefined : m.authorisations[post.authorisation];
    if (
      post.operationId === 'UpwardAdjustment' &&
      sent.verdict === 'accepted' &&
      authorisation !== undefined &&
      authorisation.left === undefined
    ) {
      authorisation.candidates = replayedAdjustment(authorisation.candidates, post.amountMinor);
    }
    verdict.throwIfFailed();
  }

  toString(): string {
    return `replay(pick ${this.pick})`;
  }
}

/** The same idempotency-key with another body (a penny more): refused, moving nothing (OP-IDM-003). */
export class ReuseKeyCommand implements OpCommand {
  constructor(readonly pick: number) {}

  #posts(m: Readonly<OpModel>): ModelPost[] {
    return m.posts.filter(
      (p) => p.operationId === 'Settle' || p.operationId === 'Reverse' || p.operationId === 'Refund',
    );
  }

  check(m: Readonly<OpModel>): boolean {
    return this.#posts(m).length > 0;
  }

  async run(m: OpModel, r: OpReal): Promise<void> {
    const verdict = stepVerdict(r);
    const posts = this.#posts(m);
    const post = posts[this.pick % posts.length] as ModelPost;
    const minor = post.amountMinor + 1;
    r.steps.push(`${post.label} again with its idempotency-key and another body (${gbp(minor)})`);
    const original = post.request.body as { json: Record<string, unknown> };
    const request: OutgoingRequest = {
      ...post.request,
      body: { json: { ...original.json, amount: amount(minor) } },
    };
    const expectation: Expectation = {
      because: 'the idempotency-key came with another body (OP-D-29)',
      accept: true,
      refuse: true,
      refusal: keyReused,
      warnAccepted: {
        checkId: 'OP-IDM-003',
        message: `the idempotency-key of ${post.label} was taken again with another body (OP-D-29 refuses it)`,
      },
    };
    const sent = await step(r, verdict, request, expectation);
    if (sent.verdict === 'refused') verdict.add(['OP-IDM-003'], []);
    if (sent.verdict === 'accepted') {
      const fresh = Object.entries(post.ids).some(([id, value]) => sent.body?.[id] !== value);
      if (fresh) {
        // It acted on the new body: the kit can no longer tell what this authorisation holds.
        const index =
          post.authorisation ??
          (post.transaction === undefined ? undefined : m.transactions[post.transaction]?.authorisation);
        const authorisation = index === undefined ? undefined : m.authorisations[index];
        const why = `${post.label} acted again with another body under its idempotency-key`;
        if (authorisation !== undefined) authorisation.left = why;
        const transaction = post.transaction === undefined ? undefined : m.transactions[post.transaction];
        if (transaction !== undefined) transaction.left = why;
      }
    }
    verdict.throwIfFailed();
  }

  toString(): string {
    return `reuseKey(pick ${this.pick})`;
  }
}

// --- spend options --------------------------------------------------------------------

export class SpendOptionsCommand implements OpCommand {
  constructor(
    readonly variant: 'customer' | 'product',
    readonly basketMinor: number,
    readonly filters: Omit<SpendOptionQuery, 'basketMinor'>,
  ) {}

  check(): boolean {
    return true;
  }

  async run(_m: OpModel, r: OpReal): Promise<void> {
    const { session } = r;
    const verdict = stepVerdict(r);
    const query: Record<string, string> = { basketAmount: String(pounds(this.basketMinor)) };
    if (this.variant === 'product') query.productId = 'default';
    if (this.filters.promoOnly) query.promoOnly = 'true';
    if (this.filters.zeroPercentOnly) query.zeroPercentOnly = 'true';
    if (this.filters.spendType !== undefined) query.spendType = this.filters.spendType;
    if (this.filters.orderBy !== undefined) query.orderBy = this.filters.orderBy;
    const operationId = this.variant === 'customer' ? 'SpendOptionsForCustomerRef' : 'SpendOptionsForProduct';
    r.steps.push(`${operationId} ?${new URLSearchParams(query)}`);
    const request = opRequest(
      session,
      operationId,
      { customerRef: session.kit.target.customerRef },
      { query },
    );
    const sent = await step(r, verdict, request, {
      because: 'spend options for a valid basket (step 1)',
      accept: true,
      refuse: false,
    });
    if (sent.verdict === 'accepted') {
      const judged = judgeSpendOptions(
        sent.body,
        { basketMinor: this.basketMinor, ...this.filters },
        this.variant,
        operationId,
        sent.answer.exchange.n,
      );
      verdict.add(judged.evaluated, judged.failures);
    }
    verdict.throwIfFailed();
  }

  toString(): string {
    return `spendOptions(${this.variant}, ${this.basketMinor}p, ${JSON.stringify(this.filters)})`;
  }
}

// --- the end of a sequence ----------------------------------------------------------

/**
 * Releases what the sequence holds, so that runs never exhaust the customer's credit:
 * reverses every remaining float and refunds every settlement (judged like any step).
 */
export async function release(m: OpModel, r: OpReal): Promise<void> {
  const verdict = stepVerdict(r);
  for (const [index, authorisation] of m.authorisations.entries()) {
    if (authorisation.left !== undefined || authorisation.result !== 'Authorised') continue;
    for (let round = 0; round < 3 && Math.max(...floatsOf(authorisation)) > 0; round++) {
      const floats = floatsOf(authorisation);
      const low = Math.min(...floats);
      await moveFloat(
        'reverse',
        m,
        r,
        verdict,
        index,
        low > 0 ? { kind: 'all' } : { kind: 'above', extraMinor: 0 },
        'release: ',
      );
      verdict.throwIfFailed();
    }
  }
  for (const [index, transaction] of m.transactions.entries()) {
    if (transaction.left !== undefined || refundable(transaction) <= 0) continue;
    await refundTransaction(m, r, verdict, index, { kind: 'all' }, 'release: ');
    verdict.throwIfFailed();
  }
}

function clip(text: string): string {
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
