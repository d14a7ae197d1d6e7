// The kit's own model of Order Processing, in integer pence, written from the
// document, the public sources and the accept sets (accepts.ts), never from the mock.
// The API has no read operation, so the oracle is the answers themselves: each step
// is predicted as what a correct implementation may answer (succeed, be refused, or
// either), and judged on what came; every remainingFloat a Reverse answers is held
// to authorised − settled − reversed. Whether an authorisation or adjustment is
// approved is observed, not predicted (within the kit's budget it must be), and the
// model follows what it saw. Much simpler than an implementation: no credit limit,
// no customers' configurations, no ids it makes up.
import { parseMajor } from '../../lib/money.ts';
import type { CheckId } from '../catalogue.ts';
import type { Failure } from '../results.ts';
import type { HttpExchange } from '../transcript.ts';
import {
  beyondFloat,
  beyondSettled,
  declinedRefused,
  missingHeader,
  partialRefused,
  type Refusal,
  scaRefused,
} from './accepts.ts';
import { problemName } from './dialect.ts';
import { pounds } from './requests.ts';

export type TokenStatus = 'exempt' | 'pending' | 'completed' | 'used' | 'uncertain';

/** An sca-token from an Initiate. `uncertain`: refused once; an implementation may or may not have spent it. */
export interface ModelToken {
  /** The token to send as sca-token (the adapter's, once the customer completed SCA). */
  scaToken: string;
  status: TokenStatus;
  readonly amountMinor: number;
  readonly widgetUrl?: string | undefined;
}

/**
 * A reading of an authorisation's amounts. An upward adjustment's amount is an
 * increase (OP-D-23); where it could also have been the new total the kit keeps both
 * readings until a Reverse's remainingFloat tells them apart.
 */
export interface Candidate {
  readonly authorised: number;
  readonly float: number;
  /**
   * `increase`: our reading; `new total`: the other reading OP-D-23 allows; `acted
   * twice`: a replayed adjustment that answered the same id but acted again (S4
   * forbids it: OP-IDM-001 fails when a remainingFloat shows it).
   */
  readonly reading: 'increase' | 'new total' | 'acted twice';
}

export interface ModelAuthorisation {
  readonly authorisationId: string;
  /** The Authorise that made it, as the steps number them. */
  readonly number: number;
  readonly result: 'Authorised' | 'Declined';
  candidates: Candidate[];
  settled: number;
  reversed: number;
  /** Why the kit no longer drives it (a reading it cannot follow), once it does not. */
  left?: string;
}

export interface ModelTransaction {
  readonly transactionId: string;
  /** Index of its authorisation. */
  readonly authorisation: number;
  readonly settled: number;
  refunded: number;
  /** Why the kit no longer drives it, once it does not. */
  left?: string;
}

/** A POST that succeeded, which a replay (the same idempotency-key and body) must answer again. */
export interface ModelPost {
  readonly operationId: string;
  readonly label: string;
  readonly request: import('../client.ts').OutgoingRequest;
  readonly status: number;
  readonly body: string;
  /** The ids the first answer gave (transactionId, authorisationReversalId…). */
  readonly ids: Readonly<Record<string, string>>;
  /** The amount it moved, in pence, and what it moved it on, for a reuse with another body. */
  readonly amountMinor: number;
  readonly authorisation?: number;
  readonly transaction?: number;
}

export interface OpModel {
  readonly tokens: ModelToken[];
  readonly authorisations: ModelAuthorisation[];
  readonly transactions: ModelTransaction[];
  readonly posts: ModelPost[];
}

export function emptyModel(): OpModel {
  return { tokens: [], authorisations: [], transactions: [], posts: [] };
}

const maxOf = (values: readonly number[]) => values.reduce((a, b) => Math.max(a, b), 0);
const minOf = (values: readonly number[]) =>
  values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);

export const floatsOf = (a: ModelAuthorisation) => a.candidates.map((c) => c.float);
export const refundable = (t: ModelTransaction) => t.settled - t.refunded;

/**
 * The credit the kit's own steps hold or owe, at most: every float (its largest
 * reading) and every settlement not refunded (document step 3; S10).
 */
export function exposure(model: OpModel): number {
  const held = model.authorisations
    .filter((a) => a.result === 'Authorised')
    .reduce((sum, a) => sum + maxOf(floatsOf(a)), 0);
  const owed = model.transactions.reduce((sum, t) => sum + refundable(t), 0);
  return held + owed;
}

export interface Warn {
  readonly checkId: CheckId;
  readonly message: string;
}

/** What a correct implementation may answer to one step. */
export interface Expectation {
  readonly because: string;
  /** A 2xx is allowed. */
  readonly accept: boolean;
  /** A 4xx is allowed. */
  readonly refuse: boolean;
  /** The MUST check a 2xx breaks where it is not allowed (default OP-MDL-001). */
  readonly acceptedBreaks?: CheckId;
  /** The MUST check a 4xx breaks where it is not allowed (default OP-MDL-001). */
  readonly refusedBreaks?: CheckId;
  /** Our decision's refusal, judged at SHOULD level (OP-MDL-002) when a 4xx came. */
  readonly refusal?: Refusal;
  /** An allowed answer that is not our decision's reading. */
  readonly warnAccepted?: Warn;
  readonly warnRefused?: Warn;
}

export type Verdict = 'accepted' | 'refused' | 'none';

export interface AnswerJudgement {
  readonly evaluated: CheckId[];
  readonly failures: Failure[];
  readonly verdict: Verdict;
}

/** The answer against the expectation: MUST by the status class, SHOULD by our decisions. */
export function judgeAnswer(expectation: Expectation, exchange: HttpExchange): AnswerJudgement {
  const operationId = exchange.operationId;
  const failures: Failure[] = [];
  const fail = (checkId: CheckId, message: string) =>
    failures.push({ checkId, operationId, message: `#${exchange.n}: ${message}` });
  const evaluated: CheckId[] = ['OP-MDL-001'];
  // A SHOULD reading is evaluated wherever the step allowed an answer that departs from it.
  for (const warn of [expectation.warnAccepted, expectation.warnRefused])
    if (warn !== undefined) evaluated.push(warn.checkId);
  if (!expectation.accept && expectation.acceptedBreaks !== undefined)
    evaluated.push(expectation.acceptedBreaks);
  if (!expectation.refuse && expectation.refusedBreaks !== undefined)
    evaluated.push(expectation.refusedBreaks);
  const response = exchange.response;
  // No answer is OP-HTTP-001's failure; there is nothing to compare.
  if (response === undefined) return { evaluated: [], failures, verdict: 'none' };
  const status = response.status;
  const expected = [expectation.accept ? '200' : '', expectation.refuse ? 'a refusal (4xx)' : '']
    .filter((s) => s !== '')
    .join(' or ');
  if (status >= 200 && status < 300) {
    if (!expectation.accept) {
      fail(
        expectation.acceptedBreaks ?? 'OP-MDL-001',
        `expected ${expected} (${expectation.because}); got ${status}`,
      );
    } else if (expectation.warnAccepted !== undefined) {
      fail(expectation.warnAccepted.checkId, expectation.warnAccepted.message);
    }
    return { evaluated, failures, verdict: 'accepted' };
  }
  if (status >= 400 && status < 500) {
    const body = response.json as Record<string, unknown> | undefined;
    const type = typeof body === 'object' && body !== null ? body.type : undefined;
    if (!expectation.refuse) {
      fail(
        expectation.refusedBreaks ?? 'OP-MDL-001',
        `expected ${expected} (${expectation.because}); got ${status}${typeof type === 'string' ? ` ${problemName(type)}` : ''}`,
      );
      return { evaluated, failures, verdict: 'refused' };
    }
    if (expectation.warnRefused !== undefined) {
      fail(expectation.warnRefused.checkId, expectation.warnRefused.message);
    } else if (expectation.refusal !== undefined) {
      const { statuses, problem, id } = expectation.refusal;
      evaluated.push('OP-MDL-002');
      const named = status !== statuses[0] || problemName(type) === problem;
      if (!statuses.includes(status) || !named) {
        fail(
          'OP-MDL-002',
          `refused with ${status} ${JSON.stringify(type)}; ${id} gives ${statuses[0]} ${problem}${statuses.length > 1 ? ` (or ${statuses.slice(1).join(', ')})` : ''}`,
        );
      }
    }
    return { evaluated, failures, verdict: 'refused' };
  }
  fail('OP-MDL-001', `expected ${expected} (${expectation.because}); got ${status}`);
  return { evaluated, failures, verdict: 'none' };
}

/** Authorise with a valid sca-token: within the budget it must be Authorised; beyond it, either. */
export function creditExpectation(
  amountMinor: number,
  exposureMinor: number,
  budgetMinor: number,
  refusedBreaks: CheckId,
  what: string,
): Expectation {
  const within = exposureMinor + amountMinor <= budgetMinor;
  return within
    ? {
        because: `${what} of ${gbp(amountMinor)} with ${gbp(exposureMinor)} of the kit's ${gbp(budgetMinor)} budget in use`,
        accept: true,
        refuse: false,
        refusedBreaks,
      }
    : {
        because: `${what} of ${gbp(amountMinor)} beyond the budget (${gbp(exposureMinor)} of ${gbp(budgetMinor)} in use): Authorised or Declined`,
        accept: true,
        refuse: true,
      };
}

/** Authorise with an sca-token in this state, for this amount (document step 2; OP-D-21). */
export function authoriseExpectation(
  token: ModelToken,
  amountMinor: number,
  exposureMinor: number,
  budgetMinor: number,
): Expectation {
  switch (token.status) {
    case 'pending':
      return {
        because: 'the sca-token awaits the customer: authentication is required (step 2)',
        accept: false,
        refuse: true,
        acceptedBreaks: 'OP-SCA-003',
        refusal: scaRefused,
      };
    case 'used':
      return {
        because: 'the sca-token was used by an authorisation already (step 2: Initiate the transaction)',
        accept: false,
        refuse: true,
        acceptedBreaks: 'OP-SCA-004',
        refusal: scaRefused,
      };
    case 'uncertain':
      return { because: 'the sca-token was refused once, and may be spent', accept: true, refuse: true };
    case 'exempt':
    case 'completed': {
      if (amountMinor > token.amountMinor) {
        return {
          because: `the sca-token covers ${gbp(token.amountMinor)}; OP-D-21 refuses more`,
          accept: true,
          refuse: true,
          refusal: scaRefused,
          warnAccepted: {
            checkId: 'OP-MDL-004',
            message: `an authorisation of ${gbp(amountMinor)} was accepted with an sca-token that covers ${gbp(token.amountMinor)} (OP-D-21 refuses it)`,
          },
        };
      }
      return creditExpectation(
        amountMinor,
        exposureMinor,
        budgetMinor,
        token.status === 'exempt' ? 'OP-SCA-002' : 'OP-CRD-001',
        `an authorisation with ${token.status === 'exempt' ? 'an exempt' : 'a completed'} sca-token`,
      );
    }
  }
}

/** How Authorise goes without the customer's authentication: no sca-token, or one the target never issued. */
export type Unauthenticated = 'missing' | 'unissued';

/**
 * Authorise after Initiate answered AuthenticationRequired, the customer not having
 * authenticated: "authentication is required" (document step 2), and only the
 * widget's success yields the token Authorise takes (S8). Refused; how is SHOULD
 * (OP-D-03: 400 naming the header; OP-D-21, OP-D-22: 403 sca-required).
 */
export function unauthenticatedExpectation(how: Unauthenticated): Expectation {
  return {
    because:
      how === 'missing'
        ? 'Initiate answered AuthenticationRequired and Authorise came without an sca-token: authentication is required (step 2)'
        : 'Initiate answered AuthenticationRequired and Authorise came with an sca-token the target never issued: authentication is required (step 2)',
    accept: false,
    refuse: true,
    acceptedBreaks: 'OP-SCA-007',
    refusal: how === 'missing' ? missingHeader : scaRefused,
  };
}

/**
 * A token in the shape of one the target issued that it never issued: the letter or
 * digit nearest the middle changed to another (not merely its case, since an
 * implementation may compare tokens without regard to case). In the middle, not at
 * the end, where a base64url character may differ only in bits a decoder drops.
 */
export function unissuedLike(token: string): string {
  const chars = [...token];
  const places = chars.flatMap((c, i) => (/^[0-9A-Za-z]$/.test(c) ? [i] : []));
  const at = places[Math.floor(places.length / 2)];
  if (at === undefined) return `${token}0`;
  const c = chars[at] as string;
  if (/[0-9]/.test(c)) {
    chars[at] = String((Number(c) + 1) % 10);
  } else {
    const lower = c.toLowerCase();
    const next = lower === 'z' ? 'a' : String.fromCharCode(lower.charCodeAt(0) + 1);
    chars[at] = c === lower ? next : next.toUpperCase();
  }
  return chars.join('');
}

/** An upward adjustment on an authorisation (S3; OP-D-23, OP-D-26). */
export function adjustExpectation(
  authorisation: ModelAuthorisation,
  amountMinor: number,
  exposureMinor: number,
  budgetMinor: number,
): Expectation {
  if (authorisation.result === 'Declined') {
    return {
      because: 'the authorisation was declined; OP-D-26 refuses to adjust it',
      accept: true,
      refuse: true,
      refusal: declinedRefused,
      warnAccepted: {
        checkId: 'OP-MDL-004',
        message: 'an upward adjustment of a declined authorisation was accepted (OP-D-26 refuses it)',
      },
    };
  }
  const authorised = maxOf(authorisation.candidates.map((c) => c.authorised));
  if (amountMinor <= authorised) {
    // Read as the new total (OP-D-23 allows it), an amount not above the authorised one is no upward adjustment.
    return {
      because: `an upward adjustment of ${gbp(amountMinor)} on ${gbp(authorised)} authorised: an increase, or (read as the new total) none`,
      accept: true,
      refuse: true,
      warnRefused: {
        checkId: 'OP-ADJ-001',
        message: `an upward adjustment of ${gbp(amountMinor)} on ${gbp(authorised)} authorised was refused, as if the amount were the new total (OP-D-23: it is the increase)`,
      },
    };
  }
  return creditExpectation(amountMinor, exposureMinor, budgetMinor, 'OP-CRD-001', 'an upward adjustment');
}

/** The readings after a replayed adjustment: nothing moved, or (a failure, if a float shows it) it acted again. */
export function replayedAdjustment(candidates: readonly Candidate[], amountMinor: number): Candidate[] {
  return dedupe([
    ...candidates,
    ...candidates.map((c) => ({
      authorised: c.authorised + amountMinor,
      float: c.float + amountMinor,
      reading: 'acted twice' as const,
    })),
  ]);
}

/** The readings after an approved adjustment: an increase (OP-D-23), or possibly the new total. */
export function adjusted(candidates: readonly Candidate[], amountMinor: number): Candidate[] {
  const out: Candidate[] = [];
  for (const c of candidates) {
    out.push({ authorised: c.authorised + amountMinor, float: c.float + amountMinor, reading: c.reading });
    if (amountMinor > c.authorised) {
      out.push({
        authorised: amountMinor,
        float: c.float + amountMinor - c.authorised,
        reading: 'new total',
      });
    }
  }
  return dedupe(out);
}

function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const c of candidates) {
    const key = `${c.authorised}/${c.float}`;
    const kept = seen.get(key);
    // Where readings explain a float alike, prefer ours, then a correct one.
    const rank = { increase: 0, 'new total': 1, 'acted twice': 2 } as const;
    if (kept === undefined || rank[c.reading] < rank[kept.reading]) seen.set(key, c);
  }
  return [...seen.values()];
}

/** Settle or reverse an amount of an authorisation's float (document steps 4, 5; OP-D-24…OP-D-26). */
export function moveExpectation(
  kind: 'settle' | 'reverse',
  authorisation: ModelAuthorisation,
  amountMinor: number,
): Expectation {
  if (authorisation.result === 'Declined') {
    return {
      because: `the authorisation was declined and holds nothing (step 3); there is nothing to ${kind}`,
      accept: false,
      refuse: true,
      acceptedBreaks: 'OP-FLT-004',
      refusal: declinedRefused,
    };
  }
  const floats = floatsOf(authorisation);
  const low = minOf(floats);
  const high = maxOf(floats);
  if (amountMinor > high) {
    return {
      because: `${gbp(amountMinor)} is more than the remaining float of ${gbp(high)} (step 4: the amount left to be Settled or Reversed)`,
      accept: false,
      refuse: true,
      acceptedBreaks: 'OP-FLT-002',
      refusal: beyondFloat,
    };
  }
  if (amountMinor > low) {
    return {
      because: `the remaining float is ${floats.map(gbp).join(' or ')}, as the upward adjustment is read`,
      accept: true,
      refuse: true,
    };
  }
  return partialOr(
    amountMinor === low && floats.length === 1,
    `${kind} ${gbp(amountMinor)} of a remaining float of ${gbp(low)} (steps 4, 5)`,
  );
}

/** Refund an amount of a transaction (document step 6; OP-D-24, OP-D-25). */
export function refundExpectation(transaction: ModelTransaction, amountMinor: number): Expectation {
  const left = refundable(transaction);
  if (amountMinor > left) {
    return {
      because: `${gbp(amountMinor)} is more than the ${gbp(left)} left to refund of the ${gbp(transaction.settled)} settled (step 6)`,
      accept: false,
      refuse: true,
      acceptedBreaks: 'OP-FLT-003',
      refusal: beyondSettled,
    };
  }
  return partialOr(
    amountMinor === left,
    `refund ${gbp(amountMinor)} of the ${gbp(left)} left to refund (step 6)`,
  );
}

/** The whole amount must succeed; a part may be refused by the merchant's configuration, a warning (OP-D-25). */
function partialOr(whole: boolean, because: string): Expectation {
  if (whole) return { because, accept: true, refuse: false };
  return {
    because,
    accept: true,
    refuse: true,
    warnRefused: {
      checkId: 'OP-MDL-003',
      message: `a partial amount was refused (${because}); the kit's merchant should allow partials (OP-D-25)`,
    },
    refusal: partialRefused,
  };
}

/** Applies an accepted settle or reverse to every reading that allowed it. */
export function moved(
  authorisation: ModelAuthorisation,
  kind: 'settle' | 'reverse',
  amountMinor: number,
): void {
  authorisation.candidates = authorisation.candidates
    .filter((c) => c.float >= amountMinor)
    .map((c) => ({ ...c, float: c.float - amountMinor }));
  if (kind === 'settle') authorisation.settled += amountMinor;
  else authorisation.reversed += amountMinor;
}

/** A refused settle or reverse of an amount that some readings allowed: only those that did not stay. */
export function notMoved(
  authorisation: ModelAuthorisation,
  amountMinor: number,
  partialsRefused: boolean,
): void {
  if (partialsRefused) return;
  const kept = authorisation.candidates.filter((c) => c.float < amountMinor);
  if (kept.length > 0) authorisation.candidates = kept;
}

/**
 * A Reverse's remainingFloat against the readings (document step 4): one must match
 * exactly; the model keeps the readings that do. Returns the failure message, if any.
 */
export function judgeRemainingFloat(
  authorisation: ModelAuthorisation,
  remaining: unknown,
): { readonly message?: string; readonly reading?: Candidate } {
  const value = remaining as { value?: unknown; currencyCode?: unknown } | undefined;
  // Pence exactly, or nothing: 22.090000000000003 is not an amount of pounds (S15).
  const parsed = typeof value?.value === 'number' ? parseMajor(value.value, 'GBP') : undefined;
  const shown = parsed?.ok ? parsed.money.minor : undefined;
  const matching = authorisation.candidates.filter((c) => shown !== undefined && c.float === shown);
  const expected = authorisation.candidates.map(
    (c) =>
      `${gbp(c.float)} (authorised ${gbp(c.authorised)} − settled ${gbp(authorisation.settled)} − reversed ${gbp(authorisation.reversed)})`,
  );
  if (matching.length === 0) {
    return {
      message: `remainingFloat is ${JSON.stringify(remaining)}; expected ${expected.join(' or ')}`,
    };
  }
  authorisation.candidates = matching;
  return { reading: matching[0] as Candidate };
}

/** "12.34 GBP", for messages and steps. */
export function gbp(minor: number): string {
  return `£${pounds(minor).toFixed(2)}`;
}
