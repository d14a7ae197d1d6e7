// DECISIONS.md's "kit accepts" column says exactly what the kit accepts: each cell is
// the text rendered from the accept sets the oracle and the checks read, every SHOULD
// check a cell names is SHOULD and follows that decision, and a decision the kit
// judges only at SHOULD level has no MUST check behind it. And the judging reads the
// accept sets: with one changed, the kit accepts something else.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogue, definitionOf } from '../catalogue.ts';
import { judgeContract } from '../checks/index.ts';
import { problemMember } from '../checks/problem-body.ts';
import { judgeOrder } from '../model/judge.ts';
import type { RealOrder } from '../model/model.ts';
import { created, moneyMovement, type OrderState } from '../model/oracle.ts';
import { classify } from '../negative/derive.ts';
import { type KitSpec, loadSpec } from '../spec.ts';
import { exchange, orderBody, validationProblem } from '../testing.ts';
import { decisionAccepts, operationsListed, problemCasing, zeroAmount } from './accepts.ts';

const table = await readFile(new URL('../../spec/DECISIONS.md', import.meta.url), 'utf8');

/** id → the last cell of its row ("kit accepts"); `\|` inside a cell is not a separator. */
function kitAcceptsColumn(markdown: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const id = /^\| (D-\d\d) /.exec(line)?.[1];
    if (id === undefined) continue;
    const row = line.split(/(?<!\\)\|/);
    cells.set(id, (row[row.length - 2] ?? '').trim());
  }
  return cells;
}

describe('decisionAccepts', () => {
  const column = kitAcceptsColumn(table);

  it('should have an entry for every decision of DECISIONS.md, and no other', () => {
    expect(decisionAccepts.map((a) => a.id)).toEqual([...column.keys()].sort());
  });

  for (const accepts of decisionAccepts) {
    it(`should be what DECISIONS.md says the kit accepts for ${accepts.id}`, () => {
      expect(column.get(accepts.id)).toBe(accepts.text);
    });
  }

  it('should name only SHOULD checks that follow the decision, and name them all', () => {
    const wrong = decisionAccepts.flatMap((a) =>
      a.shouldChecks
        .filter((id) => definitionOf(id).level !== 'SHOULD' || !definitionOf(id).decisions.includes(a.id))
        .map((id) => `${a.id}: ${id}`),
    );
    const unnamed = decisionAccepts.flatMap((a) =>
      [...a.text.matchAll(/BPO-[A-Z]+-\d{3}/g)]
        .map((m) => m[0])
        .filter((id) => !(a.shouldChecks as readonly string[]).includes(id))
        .map((id) => `${a.id}: ${id}`),
    );

    expect(wrong).toEqual([]);
    expect(unnamed).toEqual([]);
  });

  it('should back a SHOULD-only decision by no MUST check', () => {
    const shouldOnly = decisionAccepts
      .filter((a) => a.text.startsWith('SHOULD-level checks only'))
      .map((a) => a.id);

    const must = [...catalogue.values()]
      .filter((c) => c.level === 'MUST' && c.decisions.some((d) => shouldOnly.includes(d)))
      .map((c) => c.id);

    expect(shouldOnly.length).toBeGreaterThan(0);
    expect(must).toEqual([]);
  });
});

/**
 * Runs `act` with an accept set's list changed by `edit`, then puts the list back:
 * the lists are module data the oracle and the checks read at every judgement.
 */
function withEdited<T, R>(list: readonly T[], edit: (items: T[]) => void, act: () => R): R {
  const items = list as T[];
  const kept = [...items];
  edit(items);
  try {
    return act();
  } finally {
    items.splice(0, items.length, ...kept);
  }
}

describe('the judging reads the accept sets', () => {
  let spec: KitSpec;
  beforeAll(async () => {
    spec = await loadSpec();
  });

  const real: RealOrder = {
    paymentOrderId: orderBody.paymentOrderId,
    currency: 'SEK',
    sellerAuthorizationId: orderBody.sellerAuthorizationId,
    instore: undefined,
    ledger: { capturedMinor: 0, reversedMinor: 0 },
    lastSellerTransactionId: {},
  };

  it('D-05: a rel listed optional passes on its status, and warns once no longer listed', () => {
    const { rel, status } = operationsListed.optional[0] ?? { rel: 'cancel-authorize', status: 'Created' };
    const state: OrderState = { ...created(100_000, 'SEK', false), status };
    const entry = orderBody.operations.find((o) => o.rel === rel);
    const body = { ...orderBody, status, remainingAmount: 0, operations: [entry] };
    const judged = () => judgeOrder(body, [state], real, 1).failures.map((f) => f.checkId);

    expect(judged()).toEqual([]);
    expect(withEdited(operationsListed.optional, (l) => l.splice(0), judged)).toEqual([
      operationsListed.moreWarns,
    ]);
  });

  it('D-13: 0 is refused at MUST where the data says so, and only warns once it says otherwise', () => {
    const { operationId, field } = zeroAmount.refusedAt[0] ?? { operationId: '', field: '' };
    const authorized: OrderState = {
      ...created(100, 'SEK', true),
      status: 'Authorized',
      remainingMinor: 100,
    };
    const judged = () => ({
      checkId: classify(operationId, field, 'amount-zero'),
      outcomes: moneyMovement('capture', authorized, {
        amount: { minor: 0 },
        currency: 'SEK',
        currencies: ['SEK'],
      }).outcomes.map((o) => [o.status, o.warn?.checkId]),
    });
    const open = (l: { operationId: string }[]) =>
      l.splice(0, l.length, ...l.filter((r) => r.operationId !== operationId));

    expect(operationId).toBe('createCapture');
    expect(judged()).toEqual({ checkId: 'BPO-NEG-001', outcomes: [[400, undefined]] });
    expect(withEdited(zeroAmount.refusedAt, open, judged)).toEqual({
      checkId: zeroAmount.openWarns.negative,
      outcomes: [
        [400, undefined],
        [201, zeroAmount.openWarns.model],
      ],
    });
  });

  it('D-18: a casing listed passes the problem members at MUST and warns; one dropped fails them', () => {
    const camel = Object.fromEntries(
      Object.entries(validationProblem).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]),
    );
    const judged = () => {
      const { failures } = judgeContract(
        { spec, alsoAccepted: [], instances: new Map() },
        exchange('createCapture', 400, camel),
      );
      return { type: problemMember(camel, 'Type'), failed: failures.map((f) => f.checkId) };
    };

    expect(judged()).toEqual({ type: validationProblem.Type, failed: [problemCasing.otherCasingWarns] });
    expect(withEdited(problemCasing.casings, (l) => l.splice(1), judged)).toEqual({
      type: undefined,
      failed: ['BPO-PB-001', 'BPO-PB-003', 'BPO-PB-004'],
    });
  });
});
