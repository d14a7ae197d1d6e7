// Order Processing's security and isolation suite. Each scenario gets an
// authorisation of its own with part of it settled, tries what must be refused
// (another merchant's or customer's view of them, unknown ids, a request without the
// subscription key, someone else's tokens), and then reads back through the amounts
// that nothing moved: a full reverse of the float and a full refund of the
// settlement must succeed, the reverse answering remainingFloat 0.
import { randomUUID } from 'node:crypto';
import type { CheckId } from '../catalogue.ts';
import type { OutgoingRequest } from '../client.ts';
import { recordContract } from '../engine.ts';
import { StepVerdict } from '../model/judge.ts';
import type { Failure } from '../results.ts';
import type { Answer } from '../session.ts';
import type { SuiteShare } from '../suites/types.ts';
import { jsonObject } from '../transcript.ts';
import { missingKey, otherCustomerStatuses, otherMerchantStatuses } from './accepts.ts';
import { accessToken } from './commands.ts';
import { problemName } from './dialect.ts';
import { gbp } from './oracle.ts';
import { reverseWhole, succeeded } from './read-back.ts';
import {
  amount,
  authoriseBody,
  initiateBody,
  type OpKit,
  opRequest,
  refundBody,
  settleBody,
} from './requests.ts';
import { type Prepared, prepare, scaTokenFor } from './setup.ts';

const authorisedMinor = 2_000;
const settledMinor = 500;

interface Attempt {
  readonly request: OutgoingRequest;
  /** Statuses that pass the scenario's MUST check; any other 4xx warns, any 2xx fails. */
  readonly statuses: readonly number[] | '4xx';
}

export async function runOrderProcessingSecurity(
  kit: OpKit,
  options: { readonly onProgress?: (message: string, done: number, total: number) => void } = {},
): Promise<SuiteShare> {
  const notes: string[] = [];
  const other = kit.target.otherCustomerRef;
  const customerRef = kit.target.customerRef;
  const scenarios: {
    readonly checkId: CheckId;
    readonly how: string;
    readonly attempts: (p: Prepared) => Promise<Attempt[]> | Attempt[];
    readonly needsOther?: boolean;
  }[] = [
    {
      checkId: 'OP-SEC-001',
      how: 'without Ocp-Apim-Subscription-Key',
      attempts: (p) => {
        const omit = ['Ocp-Apim-Subscription-Key'];
        const s = p.session;
        return [
          {
            request: opRequest(
              s,
              'Settle',
              { customerRef, authorisationId: p.authorisationId },
              { body: settleBody(1), omit },
            ),
            statuses: [missingKey.status],
          },
          {
            request: opRequest(
              s,
              'Reverse',
              { customerRef, authorisationId: p.authorisationId },
              { body: { amount: amount(1) }, omit },
            ),
            statuses: [missingKey.status],
          },
          {
            request: opRequest(
              s,
              'Refund',
              { customerRef, transactionId: p.transactionId ?? '' },
              { body: refundBody(1), omit },
            ),
            statuses: [missingKey.status],
          },
          {
            request: opRequest(
              s,
              'SpendOptionsForCustomerRef',
              { customerRef },
              { query: { basketAmount: '100' }, omit },
            ),
            statuses: [missingKey.status],
          },
        ];
      },
    },
    {
      checkId: 'OP-SEC-002',
      how: `as merchant ${kit.target.otherMerchantId}`,
      attempts: (p) => {
        const merchantId = kit.target.otherMerchantId;
        const s = p.session;
        const token = kit.accessTokens.get(customerRef);
        return [
          {
            request: opRequest(
              s,
              'Settle',
              { customerRef, authorisationId: p.authorisationId },
              { body: settleBody(1), merchantId },
            ),
            statuses: otherMerchantStatuses,
          },
          {
            request: opRequest(
              s,
              'Reverse',
              { customerRef, authorisationId: p.authorisationId },
              { body: { amount: amount(1) }, merchantId },
            ),
            statuses: otherMerchantStatuses,
          },
          {
            request: opRequest(
              s,
              'Refund',
              { customerRef, transactionId: p.transactionId ?? '' },
              { body: refundBody(1), merchantId },
            ),
            statuses: otherMerchantStatuses,
          },
          ...(token === undefined
            ? []
            : [
                {
                  request: opRequest(
                    s,
                    'UpwardAdjustment',
                    { customerRef, authorisationId: p.authorisationId },
                    { body: { amount: amount(1) }, merchantId, customerAccessToken: token },
                  ),
                  statuses: otherMerchantStatuses,
                },
              ]),
        ];
      },
    },
    {
      checkId: 'OP-SEC-003',
      how: `under customerRef ${other ?? '(none: --other-customer)'}`,
      needsOther: true,
      attempts: async (p) => {
        const s = p.session;
        const ref = other as string;
        const token = await otherToken(kit, p);
        return [
          {
            request: opRequest(
              s,
              'Settle',
              { customerRef: ref, authorisationId: p.authorisationId },
              { body: settleBody(1) },
            ),
            statuses: otherCustomerStatuses,
          },
          {
            request: opRequest(
              s,
              'Reverse',
              { customerRef: ref, authorisationId: p.authorisationId },
              { body: { amount: amount(1) } },
            ),
            statuses: otherCustomerStatuses,
          },
          {
            request: opRequest(
              s,
              'Refund',
              { customerRef: ref, transactionId: p.transactionId ?? '' },
              { body: refundBody(1) },
            ),
            statuses: otherCustomerStatuses,
          },
          ...(token === undefined
            ? []
            : [
                {
                  request: opRequest(
                    s,
                    'UpwardAdjustment',
                    { customerRef: ref, authorisationId: p.authorisationId },
                    { body: { amount: amount(1) }, customerAccessToken: token },
                  ),
                  statuses: otherCustomerStatuses,
                },
              ]),
        ];
      },
    },
    {
      checkId: 'OP-SEC-004',
      how: 'on ids no one issued',
      attempts: (p) => {
        const s = p.session;
        return [
          {
            request: opRequest(
              s,
              'Settle',
              { customerRef, authorisationId: randomUUID() },
              { body: settleBody(1) },
            ),
            statuses: [404],
          },
          {
            request: opRequest(
              s,
              'Reverse',
              { customerRef, authorisationId: randomUUID() },
              { body: { amount: amount(1) } },
            ),
            statuses: [404],
          },
          {
            request: opRequest(
              s,
              'Refund',
              { customerRef, transactionId: randomUUID() },
              { body: refundBody(1) },
            ),
            statuses: [404],
          },
        ];
      },
    },
    {
      checkId: 'OP-SEC-005',
      how: "with a customer-access-token that is not the customer's",
      attempts: async (p) => {
        const s = p.session;
        const tokens = ['not-a-token-the-target-issued'];
        const theirs = other === undefined ? undefined : await otherToken(kit, p);
        if (theirs !== undefined) tokens.push(theirs);
        return tokens.flatMap((token) => [
          {
            request: opRequest(
              s,
              'Initiate',
              { customerRef },
              { body: initiateBody(100), customerAccessToken: token },
            ),
            statuses: '4xx',
          },
          {
            request: opRequest(
              s,
              'UpwardAdjustment',
              { customerRef, authorisationId: p.authorisationId },
              { body: { amount: amount(1) }, customerAccessToken: token },
            ),
            statuses: '4xx',
          },
        ]);
      },
    },
    {
      checkId: 'OP-SCA-005',
      how: "with another customer's sca-token",
      needsOther: true,
      attempts: async (p) => {
        const s = p.session;
        const theirs = await otherScaToken(kit, p);
        const mine = kit.accessTokens.get(customerRef);
        if (theirs === undefined || mine === undefined) return [];
        return [
          {
            request: opRequest(
              s,
              'Authorise',
              { customerRef },
              {
                body: authoriseBody(100, `kit-${kit.nonce}-other-sca`),
                customerAccessToken: mine,
                scaToken: theirs,
              },
            ),
            statuses: '4xx',
          },
        ];
      },
    },
  ];
  let done = 0;
  for (const scenario of scenarios) {
    options.onProgress?.('scenarios', done++, scenarios.length);
    if (scenario.needsOther && other === undefined) {
      notes.push(`${scenario.checkId}: not evaluated without --other-customer`);
      continue;
    }
    const prepared = await prepare(kit, 'security', authorisedMinor, settledMinor);
    if (prepared === undefined) {
      notes.push(`${scenario.checkId}: setup failed`);
      continue;
    }
    await attempt(kit, prepared, scenario.checkId, scenario.how, await scenario.attempts(prepared));
  }
  options.onProgress?.('scenarios', scenarios.length, scenarios.length);
  return notes.length === 0 ? {} : { note: notes.join('; ') };
}

async function otherToken(kit: OpKit, p: Prepared): Promise<string | undefined> {
  const ref = kit.target.otherCustomerRef;
  if (ref === undefined) return undefined;
  const known = kit.accessTokens.get(ref);
  if (known !== undefined) return known;
  const verdict = new StepVerdict(kit.recorder, kit.strict, (failure) =>
    kit.recorder.fail({ ...failure, transcript: [...p.session.transcript.entries] }),
  );
  const token = await accessToken(p.real, verdict, ref);
  return token;
}

/** An sca-token of the other customer for £1.00: Initiate with their access token, SCA where required. */
async function otherScaToken(kit: OpKit, p: Prepared): Promise<string | undefined> {
  const token = await otherToken(kit, p);
  if (token === undefined) return undefined;
  return scaTokenFor(
    p.session,
    kit.target.otherCustomerRef as string,
    token,
    100,
    "the other customer's Initiate",
  );
}

/** Every attempt refused, and then nothing moved: the float and the settlement are whole. */
async function attempt(
  kit: OpKit,
  p: Prepared,
  checkId: CheckId,
  how: string,
  attempts: readonly Attempt[],
): Promise<void> {
  const { session } = p;
  const failures: Failure[] = [];
  const answers: Answer[] = [];
  for (const { request, statuses } of attempts) {
    const answer = await session.send(request);
    answers.push(answer);
    const status = answer.exchange.response?.status;
    if (status === undefined) continue;
    const refused = status >= 400 && status < 500;
    const listed = statuses === '4xx' || statuses.includes(status);
    const type = problemName(jsonObject(answer.exchange.response)?.type);
    if (!refused || !listed) {
      failures.push({
        checkId,
        operationId: request.operationId,
        message: `#${answer.exchange.n}: ${request.method} ${request.operationId} ${how} answered ${status}${type === undefined ? '' : ` ${type}`}; expected ${statuses === '4xx' ? 'a refusal (4xx)' : statuses.join(' or ')}`,
      });
    }
  }
  // Read back: nothing moved.
  const customerRef = kit.target.customerRef;
  const float = authorisedMinor - settledMinor;
  const whole = await reverseWhole(session, p.authorisationId, float);
  const reverse = whole.answer;
  const refund = await session.send(
    opRequest(
      session,
      'Refund',
      { customerRef, transactionId: p.transactionId ?? '' },
      { body: refundBody(settledMinor) },
    ),
  );
  answers.push(reverse, refund);
  if (!whole.emptied) {
    failures.push({
      checkId,
      operationId: 'Reverse',
      message: `#${reverse.exchange.n}: after the requests ${how}, a reverse of the whole ${gbp(float)} ${whole.answered}: the authorisation changed`,
    });
  }
  if (!succeeded(refund)) {
    failures.push({
      checkId,
      operationId: 'Refund',
      message: `#${refund.exchange.n}: after the requests ${how}, a refund of the whole ${gbp(settledMinor)} settled answered ${refund.exchange.response?.status ?? 'nothing'}: the transaction changed`,
    });
  }
  for (const answer of answers) recordContract(kit, answer, session.transcript.entries, how);
  kit.recorder.judge([checkId], failures, {
    section: kit.spec.section(failures[0]?.operationId ?? 'Settle'),
    case: how,
    transcript: [...session.transcript.entries],
  });
}
