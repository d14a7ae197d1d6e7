// The negative suite: every case derived from the request schemas (negative/
// derive.ts) is sent against an order in a state where the unbroken body would
// succeed, and must come back 400 validation naming the broken field. Plus
// malformed paymentOrderIds (D-12). Deterministic: the same cases every run.
import type { CheckId } from '../catalogue.ts';
import { namedParameters } from '../checks/validation-problem-lists-problems.ts';
import { deriveCases, type NegativeCase } from '../negative/derive.ts';
import { captureBody, createBody, operationRequest, redirectBody, reversalBody } from '../requests.ts';
import type { Answer, Kit } from '../session.ts';
import { Session } from '../session.ts';
import { jsonObject, type TranscriptEntry } from '../transcript.ts';
import { prepareOrder, recordContract } from './setup.ts';
import type { SuiteStats } from './types.ts';

export interface NegativeSuiteOptions {
  readonly onProgress?: (message: string, done: number, total: number) => void;
}

export async function runNegativeSuite(kit: Kit, options: NegativeSuiteOptions = {}): Promise<SuiteStats> {
  const started = performance.now();
  const requestsBefore = kit.counters.requests;
  const notes: string[] = [];
  const groups: {
    operationId: string;
    prepare: (s: Session) => Promise<number | undefined>;
    body: (s: Session) => unknown;
  }[] = [
    {
      operationId: 'createBnplPaymentOrder',
      prepare: async () => 0,
      body: (s) => createBody(s, { minor: 100_000 }, 'SEK'),
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
  const total = planned.reduce((n, p) => n + p.cases.length, 0) + malformedIds.length;
  let done = 0;
  for (const { group, session, cases } of planned) {
    const paymentOrderId = await group.prepare(session);
    if (paymentOrderId === undefined) {
      notes.push(`${group.operationId}: setup failed, its cases were not sent`);
      done += cases.length;
      continue;
    }
    const setup = [...session.transcript.entries];
    for (const negative of cases) {
      const answer = await session.send(
        operationRequest(session, negative.operationId, { paymentOrderId }, undefined, {
          body: negative.body,
        }),
      );
      judgeCase(kit, negative, answer, setup);
      options.onProgress?.('negative cases', ++done, total);
    }
  }
  await malformedPaymentOrderIds(kit);
  options.onProgress?.('negative cases', total, total);
  return {
    name: 'negative',
    durationMs: Math.round(performance.now() - started),
    requests: kit.counters.requests - requestsBefore,
    ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
  };
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
  const problems: string[] = [];
  if (response.status !== 400) problems.push(`answered ${response.status}, not 400`);
  else if (body?.Type !== validation)
    problems.push(`Type is ${JSON.stringify(body?.Type)}, not ${validation}`);
  else if (negative.field !== '' && !namedParameters(body).includes(negative.field)) {
    const named = namedParameters(body);
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
    const ok = response.status === 404 || (response.status === 400 && named.includes('paymentOrderId'));
    kit.recorder.judge(
      [id],
      ok
        ? []
        : [
            {
              checkId: id,
              operationId: 'getBnplPaymentOrder',
              message: `#${answer.exchange.n}: GET with ${description} answered ${response.status}${response.status === 400 ? ` naming ${named.join(', ') || 'nothing'}` : ''}; expected 400 naming paymentOrderId, or 404 (D-12)`,
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
