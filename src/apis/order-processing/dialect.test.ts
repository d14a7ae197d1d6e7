// The Order Processing problem dialect: RFC 9457 members, `errors` with JSON Pointers
// for the body and the header or parameter name otherwise, beside the ledger dialect
// writing the same violations as its PascalCase `Problems`.
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../../lib/openapi.ts';
import { readSpec } from '../../../lib/openapi.ts';
import { renderProblem } from '../../core/problems.ts';
import { ledgerDialect } from '../bnpl-payment-order/dialect.ts';
import { catalogOf, errorsOf, jsonPointer, rfc9457Dialect } from './dialect.ts';

const dialect = rfc9457Dialect(catalogOf(await readSpec('order-processing')));

const violations: Violation[] = [
  {
    in: 'body',
    at: ['amount', 'value'],
    keyword: 'exclusiveMinimum',
    message: 'Must be at least 0.01.',
    range: { low: 0.01, high: 100000, actual: 0, decimals: 2 },
  },
  { in: 'body', at: ['amount', 'value'], keyword: 'type', message: 'Expected a value of type number.' },
  { in: 'header', at: ['context-merchantId'], keyword: 'required', message: 'The field is required.' },
  { in: 'query', at: ['basketAmount'], keyword: 'type', message: 'Expected a value of type number.' },
  { in: 'path', at: ['authorisationId'], keyword: 'format', message: 'Must match format "uuid".' },
  { in: 'body', at: [], keyword: 'json', message: 'The body is not valid JSON.' },
];

describe('rfc9457Dialect', () => {
  it('should write the five RFC 9457 members and an errors entry per failing field', () => {
    // Act
    const { status, body } = renderProblem(
      dialect,
      { name: 'validation', detail: 'invalid', violations },
      '5f0c7b5e-2d7e-4c55-9a53-3b1f1d1f8e10',
    );

    // Assert
    expect(status).toBe(400);
    expect(body).toEqual({
      type: 'https://bnpl-kit.dev/problems/order-processing/validation',
      title: 'Your request is not valid',
      status: 400,
      detail: 'invalid',
      instance: 'urn:uuid:5f0c7b5e-2d7e-4c55-9a53-3b1f1d1f8e10',
      errors: [
        { detail: 'Must be at least 0.01.', pointer: '#/amount/value' },
        { detail: 'The field is required.', header: 'context-merchantId' },
        { detail: 'Expected a value of type number.', parameter: 'basketAmount' },
        { detail: 'Must match format "uuid".', parameter: 'authorisationId' },
        { detail: 'The body is not valid JSON.', pointer: '#' },
      ],
    });
  });

  it('should leave errors out of problems that are not about validation', () => {
    const { status, body } = renderProblem(dialect, { name: 'insufficient-float', detail: 'x' }, 'u');

    expect(status).toBe(409);
    expect(Object.keys(body).sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
  });

  it.each([
    [[], '#'],
    [['amount', 'value'], '#/amount/value'],
    [['lines', 0, 'a/b'], '#/lines/0/a~1b'],
    [['tilde~'], '#/tilde~0'],
  ] as const)('should write %j as the JSON Pointer %s', (segments, pointer) => {
    expect(jsonPointer(segments)).toBe(pointer);
  });

  it('should keep one entry per field', () => {
    expect(errorsOf(violations.slice(0, 2))).toHaveLength(1);
  });
});

describe('catalogOf', () => {
  it("should take every problem's status and title from the contract", () => {
    expect(dialect.catalog['insufficient-float']).toEqual({
      status: 409,
      title: 'The amount is more than the remaining float',
    });
    expect(dialect.catalog['sca-token-finished']?.status).toBe(409);
  });

  it('should refuse a contract that lacks a problem the module answers', () => {
    expect(() => catalogOf({ 'x-bnpl-problems': { validation: { status: 400, title: 'v' } } })).toThrow(
      /lacks unauthorized, customer-token-invalid/,
    );
  });
});

describe('ledgerDialect', () => {
  it("should write the same violations as the document's Problems, with its range message", () => {
    const { body } = renderProblem(ledgerDialect, { name: 'validation', detail: 'd', violations }, 'u');

    expect(body).toMatchObject({
      Type: 'ledger/bnpl-payment-order/v1/problems/validation',
      Status: 400,
      Instance: 'u',
      Problems: {
        'amount.value': [
          'Expected value between [0,01]-[100000] actual [0]',
          'Expected a value of type number.',
        ],
        'context-merchantId': ['The field is required.'],
        basketAmount: ['Expected a value of type number.'],
        authorisationId: ['Must match format "uuid".'],
        body: ['The body is not valid JSON.'],
      },
    });
  });
});
