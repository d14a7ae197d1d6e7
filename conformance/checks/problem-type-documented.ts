// BPO-PB-003 and BPO-PB-007: the problem's Type. Where the operation's "Possible
// problems" table lists the status, the Type is the document's, in its relative form
// ledger/bnpl-payment-order/v1/problems/<name> (MUST). Other statuses are ours (401,
// 413, 415, 404 on redirect, 409 where a decision accepts it): the contract's Type,
// or any name of that form where the contract gives none, is a SHOULD (D-18).
import { documentedProblem } from '../bnpl-payment-order/document.ts';
import { problemMember } from './problem-body.ts';
import { bodyObject, type ContractCheck, fail, isError } from './types.ts';

export const problemTypeDocumented: ContractCheck = {
  id: 'BPO-PB-003',
  applies: (_ctx, exchange) =>
    isError(exchange) &&
    documentedProblem(exchange.operationId, exchange.response.status) !== undefined &&
    bodyObject(exchange) !== undefined,
  check(ctx, exchange) {
    const type = problemMember(bodyObject(exchange), 'Type');
    const name = documentedProblem(exchange.operationId, exchange.response.status);
    const expected = ctx.spec.problemTypePrefix + String(name);
    if (type === expected) return undefined;
    return fail(
      'BPO-PB-003',
      exchange,
      `the ${exchange.response.status} problem's Type is ${JSON.stringify(type)}; the document's table lists ${name}: ${expected}`,
    );
  },
};

export const problemTypeOfDecisions: ContractCheck = {
  id: 'BPO-PB-007',
  applies: (_ctx, exchange) =>
    isError(exchange) &&
    documentedProblem(exchange.operationId, exchange.response.status) === undefined &&
    bodyObject(exchange) !== undefined,
  check(ctx, exchange) {
    const type = problemMember(bodyObject(exchange), 'Type');
    const expected = ctx.spec.problemType(exchange.operationId, exchange.response.status);
    if (expected !== undefined) {
      if (type === expected) return undefined;
      return fail(
        'BPO-PB-007',
        exchange,
        `the ${exchange.response.status} problem's Type is ${JSON.stringify(type)}; the contract gives ${expected}`,
      );
    }
    const prefix = ctx.spec.problemTypePrefix;
    if (
      typeof type === 'string' &&
      type.startsWith(prefix) &&
      /^[a-z][a-z-]*$/.test(type.slice(prefix.length))
    )
      return undefined;
    return fail(
      'BPO-PB-007',
      exchange,
      `the problem's Type ${JSON.stringify(type)} is not of the form ${prefix}<name>`,
    );
  },
};
