// How bnpl-payment-order writes problems (document "Problems", DECISIONS.md D-17, D-18):
// application/problem+json with the PascalCase members Type, Title, Status, Instance,
// Detail, and for validation a `Problems` object naming each failing parameter by its
// dotted path with the document's messages ("Expected value between [0,01]-[…]").
// `Type` is relative: ledger/bnpl-payment-order/v1/problems/<name>.
import { ledgerProblems } from '../../../lib/openapi.ts';
import { type ProblemDialect, transportProblems } from '../../core/problems.ts';

export const apiName = 'bnpl-payment-order';

/** The closed catalogue of problems this API answers (DECISIONS.md D-17, D-18). */
export const catalog = {
  ...transportProblems,
  'invalid-payment-method': { status: 409, title: 'Unable to redirect before choosing a payment method' },
} as const;

export const typePrefix = 'ledger/bnpl-payment-order/v1/problems/';

/**
 * The document's Detail for validation problems, naming the member as it is written:
 * the document's example says 'problems' beside a member spelt `Problems`.
 */
export const validationDetail =
  "A validation error occurred. Please fix the problems mentioned in the 'Problems' property below.";

export const ledgerDialect: ProblemDialect = {
  catalog,
  instance: (uuid) => uuid,
  body(problem, entry, instance) {
    return {
      Type: `${typePrefix}${problem.name}`,
      Title: problem.title ?? entry.title,
      Status: entry.status,
      Instance: instance,
      Detail: problem.detail,
      ...(problem.violations === undefined ? {} : { Problems: ledgerProblems(problem.violations) }),
      ...problem.extensions,
    };
  },
};
