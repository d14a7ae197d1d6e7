// The security suite: requests without or with a malformed Authorization must be
// 401 and change nothing; an order is invisible and untouchable under another
// ownerNo (404, or 401 where tokens are bound to owners, D-16); an unknown
// paymentOrderId is 404.
import { tokenProblems } from '../bnpl-payment-order/accepts.ts';
import type { CheckId } from '../catalogue.ts';
import { problemMember } from '../checks/problem-body.ts';
import type { OutgoingRequest } from '../client.ts';
import { recordContract, setupFailed } from '../engine.ts';
import { captureBody, createBody, operationRequest } from '../requests.ts';
import type { Failure } from '../results.ts';
import { type Answer, type Kit, Session } from '../session.ts';
import { unknownPaymentOrderId } from '../target.ts';
import { jsonObject } from '../transcript.ts';
import { prepareOrder } from './setup.ts';
import type { SuiteShare } from './types.ts';

export async function runSecuritySuite(
  kit: Kit,
  options: { readonly onProgress?: (message: string, done: number, total: number) => void } = {},
): Promise<SuiteShare> {
  const notes: string[] = [];
  const session = new Session(kit);
  const id = await prepareOrder(session, { authorize: true });
  if (id === undefined) {
    notes.push(
      `${setupFailed(kit, 'security', 'an authorized order', session.transcript.entries)}; only unknown-order checks ran`,
    );
  } else {
    const before = await snapshot(session, id);
    options.onProgress?.('scenarios', 0, 4);
    await expectRefused(
      kit,
      session,
      'BPO-SEC-001',
      id,
      before,
      [tokenProblems.status],
      'without Authorization',
      () => [{ authorization: 'none' }],
    );
    options.onProgress?.('scenarios', 1, 4);
    await expectRefused(
      kit,
      session,
      'BPO-SEC-002',
      id,
      before,
      [tokenProblems.status],
      'with a malformed Authorization',
      () =>
        [
          `Basic ${Buffer.from('user:password').toString('base64')}`,
          'Bearer',
          kit.target.token,
          `Token ${kit.target.token}`,
        ].map((raw) => ({
          authorization: { raw },
        })),
    );
    options.onProgress?.('scenarios', 2, 4);
    await expectRefused(
      kit,
      session,
      'BPO-SEC-003',
      id,
      before,
      tokenProblems.otherOwner,
      `under ownerNo ${kit.target.otherOwnerNo}`,
      () => [{ ownerNo: kit.target.otherOwnerNo }],
    );
  }
  options.onProgress?.('scenarios', 3, 4);
  await unknownOrder(kit);
  options.onProgress?.('scenarios', 4, 4);
  return notes.length === 0 ? {} : { note: notes.join('; ') };
}

interface Variant {
  readonly authorization?: OutgoingRequest['authorization'];
  readonly ownerNo?: string;
}

/** GET, capture, cancel-authorize (and create, for auth variants) must all be refused; the order must not change. */
async function expectRefused(
  kit: Kit,
  session: Session,
  check: CheckId,
  id: number,
  before: string,
  statuses: readonly number[],
  how: string,
  variants: () => Variant[],
): Promise<void> {
  const failures: Failure[] = [];
  const answers: Answer[] = [];
  for (const variant of variants()) {
    const extra = variant.authorization === undefined ? {} : { authorization: variant.authorization };
    const params = {
      paymentOrderId: id,
      ...(variant.ownerNo === undefined ? {} : { ownerNo: variant.ownerNo }),
    };
    const requests = [
      operationRequest(session, 'getBnplPaymentOrder', params, undefined, extra),
      operationRequest(session, 'createCapture', params, captureBody(session, { minor: 100 }, 'SEK'), extra),
      operationRequest(session, 'createCancelAuthorize', params, undefined, extra),
    ];
    if (variant.ownerNo === undefined) {
      requests.push(
        operationRequest(
          session,
          'createBnplPaymentOrder',
          {},
          createBody(session, { minor: 100 }, 'SEK'),
          extra,
        ),
      );
    }
    for (const request of requests) {
      const answer = await session.send(request);
      answers.push(answer);
      const status = answer.exchange.response?.status;
      if (status !== undefined && !statuses.includes(status)) {
        const shown =
          request.authorization !== undefined &&
          request.authorization !== 'none' &&
          request.authorization !== 'token'
            ? ` (Authorization: ${request.authorization.raw === kit.target.token ? '<token without scheme>' : request.authorization.raw})`
            : '';
        failures.push({
          checkId: check,
          operationId: request.operationId,
          message: `#${answer.exchange.n}: ${request.method} ${request.operationId} ${how}${shown} answered ${status}; expected ${statuses.join(' or ')}`,
        });
      }
    }
  }
  const after = await snapshot(session, id);
  if (after !== before) {
    failures.push({
      checkId: check,
      operationId: 'getBnplPaymentOrder',
      message: `the order changed after requests ${how}: before ${before}, after ${after}`,
    });
  }
  const transcript = [...session.transcript.entries];
  for (const answer of answers) recordContract(kit, answer, transcript, how);
  kit.recorder.judge([check], failures, {
    section: kit.spec.section(failures[0]?.operationId ?? 'getBnplPaymentOrder'),
    case: how,
    transcript,
  });
}

/** What must not change: status, amounts, operations. */
async function snapshot(session: Session, id: number): Promise<string> {
  const answer = await session.send(operationRequest(session, 'getBnplPaymentOrder', { paymentOrderId: id }));
  const body = jsonObject(answer.exchange.response);
  return JSON.stringify({
    status: body?.status,
    remainingAmount: body?.remainingAmount,
    operations: Array.isArray(body?.operations)
      ? body.operations.map((o: { rel?: unknown }) => o?.rel)
      : undefined,
  });
}

/** An id no implementation issued: 404 not-found for GET and capture. */
async function unknownOrder(kit: Kit): Promise<void> {
  const check: CheckId = 'BPO-SEC-004';
  const session = new Session(kit);
  const params = { paymentOrderId: unknownPaymentOrderId };
  const failures: Failure[] = [];
  for (const request of [
    operationRequest(session, 'getBnplPaymentOrder', params),
    operationRequest(session, 'createCapture', params, captureBody(session, { minor: 100 }, 'SEK')),
  ]) {
    const answer = await session.send(request);
    recordContract(kit, answer, session.transcript.entries, 'unknown paymentOrderId');
    const response = answer.exchange.response;
    const type = problemMember(jsonObject(response), 'Type');
    if (
      response !== undefined &&
      (response.status !== 404 || type !== `${kit.spec.problemTypePrefix}not-found`)
    ) {
      failures.push({
        checkId: check,
        operationId: request.operationId,
        message: `#${answer.exchange.n}: ${request.operationId} on an unknown paymentOrderId answered ${response.status} ${JSON.stringify(type)}; expected 404 not-found`,
      });
    }
  }
  kit.recorder.judge([check], failures, {
    section: kit.spec.section('getBnplPaymentOrder'),
    case: 'unknown paymentOrderId',
    transcript: session.transcript.entries,
  });
}
