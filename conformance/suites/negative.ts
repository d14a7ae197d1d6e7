// The negative suite: every case derived from the request schemas of the revision
// (negative/derive.ts) is sent against an order in a state where the unbroken body
// would succeed, and should come back 400 validation naming the broken field: a
// MUST where the document says so, a SHOULD where only our decisions do. Plus
// malformed paymentOrderIds (D-12) and the transport cases: a body over 1 MiB, one
// that is not JSON, and a method the path does not take (D-17). Deterministic: the
// same cases every run.
import { malformedPaymentOrderId, transportProblems } from '../bnpl-payment-order/accepts.ts';
import type { CheckId } from '../catalogue.ts';
import { namedParameters, names, problemMember } from '../checks/problem-body.ts';
import type { OutgoingRequest } from '../client.ts';
import { recordContract, setupFailed } from '../engine.ts';
import { deriveCases, type NegativeCase } from '../negative/derive.ts';
import { captureBody, createBody, operationRequest, redirectBody, reversalBody } from '../requests.ts';
import type { Answer, Kit } from '../session.ts';
import { Session } from '../session.ts';
import { jsonObject, type RecordedResponse, type TranscriptEntry } from '../transcript.ts';
import { prepareOrder } from './setup.ts';
import type { SuiteShare } from './types.ts';

export interface NegativeSuiteOptions {
  readonly onProgress?: (message: string, done: number, total: number) => void;
}

export async function runNegativeSuite(kit: Kit, options: NegativeSuiteOptions = {}): Promise<SuiteShare> {
  const notes: string[] = [];
  const groups: {
    operationId: string;
    prepare: (s: Session) => Promise<number | undefined>;
    body: (s: Session) => unknown;
  }[] = [
    {
      operationId: 'createBnplPaymentOrder',
      prepare: async () => 0,
      // From 2026-02-17 the body carries the optional instore, so its breakages are sent too.
      body: (s) =>
        createBody(s, { minor: 100_000 }, 'SEK', {
          ...(kit.spec.declares('BnplPaymentOrderRequest', 'instore') ? { instore: false } : {}),
        }),
    },
    {
      operationId: 'createCapture',
      prepare: (s) => prepareOrder(s, { authorize: true }),
      body: (s) => captureBody(s, { minor: 100 }, 'SEK'),
    },
    {
      operationId: 'createReversal',
      prepare: (s) => prepareOrder(s, { authorize: true, captureMinor: 10_000 }),
      body: (s) => reversalBody(s, { minor: 100 }, 'SEK'),
    },
    {
      operationId: 'redirect',
      prepare: (s) => prepareOrder(s, { choose: true }),
      body: () => redirectBody(),
    },
  ];
  const planned = groups.map((group) => {
    const session = new Session(kit);
    const schema = kit.spec.requestSchema(group.operationId);
    if (schema === undefined) throw new Error(`conformance: ${group.operationId} takes no body`);
    return { group, session, cases: deriveCases(group.operationId, schema, group.body(session)) };
  });
  const total = planned.reduce((n, p) => n + p.cases.length, 0) + malformedIds.length + 3;
  let done = 0;
  for (const { group, session, cases } of planned) {
    const paymentOrderId = await group.prepare(session);
    if (paymentOrderId === undefined) {
      const what = `an order to send ${group.operationId}'s cases to`;
      notes.push(
        `${setupFailed(kit, 'negative', what, session.transcript.entries)}; its cases were not sent`,
      );
      done += cases.length;
      continue;
    }
    const setup = [...session.transcript.entries];
    for (const negative of cases) {
      const answer = await session.send(
        operationRequest(session, negative.operationId, { paymentOrderId }, undefined, {
          body: freshSellerId(session, negative),
        }),
      );
      judgeCase(kit, negative, answer, setup);
      options.onProgress?.('negative cases', ++done, total);
    }
  }
  await malformedPaymentOrderIds(kit);
  await transportCases(kit);
  const wrong = await wrongMethod(kit);
  if (wrong !== undefined) notes.push(wrong);
  options.onProgress?.('negative cases', total, total);
  return notes.length === 0 ? {} : { note: notes.join('; ') };
}

/** 400, Type validation, and Problems naming the broken field. */
function judgeCase(
  kit: Kit,
  negative: NegativeCase,
  answer: Answer,
  setup: readonly TranscriptEntry[],
): void {
  const { exchange } = answer;
  const transcript = [...setup, exchange];
  recordContract(kit, answer, transcript, negative.description);
  const response = exchange.response;
  if (response === undefined) return;
  const body = jsonObject(response);
  const validation = `${kit.spec.problemTypePrefix}validation`;
  const type = problemMember(body, 'Type');
  const named = namedParameters(body);
  const problems: string[] = [];
  if (response.status !== 400) problems.push(`answered ${response.status}, not 400`);
  else if (type !== validation) problems.push(`Type is ${JSON.stringify(type)}, not ${validation}`);
  else if (negative.field !== '' && !named.some((n) => names(n, negative.field))) {
    problems.push(
      `Problems names ${named.length === 0 ? 'nothing' : named.join(', ')}, not ${negative.field}`,
    );
  }
  kit.recorder.judge(
    [negative.checkId],
    problems.length === 0
      ? []
      : [
          {
            checkId: negative.checkId,
            operationId: negative.operationId,
            message: `#${exchange.n}: ${negative.description}: ${problems.join('; ')}`,
          },
        ],
    { section: kit.spec.section(negative.operationId), case: negative.description, transcript },
  );
}

const malformedIds = ['abc', '0', '-1', '1.5'] as const;

/** D-12: a paymentOrderId that is not a positive integer is 400 naming it, or 404. */
async function malformedPaymentOrderIds(kit: Kit): Promise<void> {
  const id: CheckId = 'BPO-NEG-010';
  for (const malformed of malformedIds) {
    const session = new Session(kit);
    const answer = await session.send(
      operationRequest(session, 'getBnplPaymentOrder', { paymentOrderId: malformed }),
    );
    const description = `paymentOrderId ${JSON.stringify(malformed)}`;
    recordContract(kit, answer, session.transcript.entries, description);
    const response = answer.exchange.response;
    if (response === undefined) continue;
    const named = namedParameters(jsonObject(response));
    const ok = malformedPaymentOrderId.answers.some(
      (a) =>
        a.status === response.status &&
        (a.naming === undefined || named.some((n) => names(n, a.naming as string))),
    );
    kit.recorder.judge(
      [id],
      ok
        ? []
        : [
            {
              checkId: id,
              operationId: 'getBnplPaymentOrder',
              message: `#${answer.exchange.n}: GET with ${description} answered ${response.status}${response.status === 400 ? ` naming ${named.join(', ') || 'nothing'}` : ''}; expected ${malformedPaymentOrderId.text} (D-12)`,
            },
          ],
      {
        section: kit.spec.section('getBnplPaymentOrder'),
        case: description,
        transcript: session.transcript.entries,
      },
    );
  }
}

/**
 * D-17: a body over 1 MiB is 413 payload-too-large; a body that is not JSON is 415
 * unsupported-media-type. Both are our limits, not the document's (SHOULD): an
 * implementation with a larger limit, or one that reads any media type, may accept
 * them; whatever comes back is still held to the contract checks.
 */
async function transportCases(kit: Kit): Promise<void> {
  const cases: {
    checkId: CheckId;
    status: number;
    description: string;
    body: NonNullable<OutgoingRequest['body']>;
  }[] = [];
  const session = new Session(kit);
  const valid = createBody(session, { minor: 100 }, 'SEK');
  cases.push({
    ...transportProblems.tooLarge,
    description: 'a create body over 1 MiB',
    body: { json: { ...valid, pointOfSale: 'x'.repeat(1024 * 1024 + 1024) } },
  });
  cases.push({
    ...transportProblems.notJson,
    description: 'a create body sent as text/plain',
    body: {
      raw: JSON.stringify({ ...valid, sellerAuthorizationId: session.sellerId('order') }),
      contentType: 'text/plain',
    },
  });
  for (const c of cases) {
    const answer = await session.send(
      operationRequest(session, 'createBnplPaymentOrder', {}, undefined, { body: c.body }),
    );
    const transcript = [...session.transcript.entries];
    recordContract(kit, answer, transcript, c.description);
    const response = answer.exchange.response;
    if (response === undefined) continue;
    kit.recorder.judge(
      [c.checkId],
      response.status === c.status
        ? []
        : [
            {
              checkId: c.checkId,
              operationId: 'createBnplPaymentOrder',
              message: `#${answer.exchange.n}: ${c.description} answered ${response.status}; expected ${c.status} (D-17)`,
            },
          ],
      { section: kit.spec.section('createBnplPaymentOrder'), case: c.description, transcript },
    );
  }
}

/**
 * D-17: a method the path of an order does not take (DELETE; the document gives the
 * path GET only) is 405 method-not-allowed with an Allow header naming GET. Only our
 * decision says so (SHOULD): a router that answers 404, or 501, passes MUST as long as
 * its answer is a problem ("All errors from the api are returned in the form of
 * problems"), which the contract checks judge as they judge 413 and 415. Returns a
 * note when no order could be created to send it to.
 */
async function wrongMethod(kit: Kit): Promise<string | undefined> {
  const { checkId, header } = transportProblems.wrongMethod;
  const operationId = 'getBnplPaymentOrder';
  const session = new Session(kit);
  const paymentOrderId = await prepareOrder(session, {});
  if (paymentOrderId === undefined) {
    const what = 'an order to send DELETE to';
    return `${setupFailed(kit, 'negative', what, session.transcript.entries)}; the ${checkId} case was not sent`;
  }
  const description = `DELETE on a payment order`;
  // Sent without an operationId: no operation documents DELETE, so only an error answer has a contract.
  const answer = await session.send(
    {
      ...operationRequest(session, operationId, { paymentOrderId }),
      operationId: undefined,
      method: 'DELETE',
    },
    { outsideOf: operationId },
  );
  const transcript = [...session.transcript.entries];
  recordContract(kit, answer, transcript, description);
  const response = answer.exchange.response;
  if (response === undefined) return undefined;
  const wrong = wrongMethodProblem(response, 'GET');
  kit.recorder.judge(
    [checkId],
    wrong === undefined
      ? []
      : [
          {
            checkId,
            operationId,
            message: `#${answer.exchange.n}: ${description} ${wrong}; expected ${transportProblems.wrongMethod.status} with ${header} (D-17)`,
          },
        ],
    { section: kit.spec.section(operationId), case: description, transcript },
  );
  return undefined;
}

/** What D-17 finds wrong with the answer to a method the path does not take; undefined when it is 405 with Allow naming `taken`. */
export function wrongMethodProblem(response: RecordedResponse, taken: string): string | undefined {
  const { status, header } = transportProblems.wrongMethod;
  if (response.status !== status) return `answered ${response.status}`;
  const allow = response.headers[header.toLowerCase()];
  if (allow === undefined) return `answered ${status} without ${header}`;
  const methods = allow.split(',').map((m) => m.trim().toUpperCase());
  return methods.includes(taken)
    ? undefined
    : `answered ${status} with ${header}: ${allow}, not naming ${taken}`;
}

/**
 * The case's body with a seller id of its own, unless the case breaks that id: an
 * implementation that accepts a case (a SHOULD reading of its own) must not see the
 * next one as a repeated id (D-07).
 */
function freshSellerId(session: Session, negative: NegativeCase): NegativeCase['body'] {
  const body = negative.body;
  if (!('json' in body) || typeof body.json !== 'object' || body.json === null || Array.isArray(body.json))
    return body;
  const json = body.json as Record<string, unknown>;
  for (const [member, kind] of [
    ['sellerAuthorizationId', 'order'],
    ['sellerTransactionId', negative.operationId === 'createReversal' ? 'reversal' : 'capture'],
  ] as const) {
    if (typeof json[member] === 'string' && !negative.field.startsWith(member)) {
      return { json: { ...json, [member]: session.sellerId(kind) } };
    }
  }
  return body;
}
