// The validators npm run generate writes (ajv standalone code, generated/validators/)
// must judge exactly as validators compiled from the spec at run time, and the
// x-bnpl-max-decimals rule inlined into them must agree with lib/money.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAjv } from './ajv.ts';
import { hasAtMostDecimals } from './money.ts';
import { type CompiledSpec, compileFromSource, compileSpec, revisionsOf } from './openapi.ts';
import { schemaValidator } from './schemas.ts';

/** Request bodies and parameters that probe the edges: valid ones and one thing wrong. */
const probes: unknown[] = [
  {},
  { amount: 0 },
  { amount: 0.07, currency: 'SEK' },
  { amount: 12.345, currency: 'SEK', sellerTransactionId: 'x', receiptReference: 'bad ref' },
  { amount: { value: 0.001, currencyCode: 'USD' }, orderReference: '' },
  { amount: { value: 100000.01, currencyCode: 'GBP' } },
  { amount: { value: 50, currencyCode: 'GBP' }, orderReference: 'r', spendOptionId: 'not-a-uuid' },
  { authorizationAmount: 1000, currency: 'SEK', sellerAuthorizationId: '1', customer: { email: 'x' } },
  { returnUrl: 'https://x', redirectOptions: { languageCode: 'sv' } },
  { scaToken: '' },
  'text',
  null,
];

const verdict = (validate: { (data: unknown): boolean; errors?: unknown }, data: unknown) => {
  const ok = validate(data);
  return { ok, errors: JSON.stringify(validate.errors ?? null) };
};

describe('generated/validators', () => {
  it.each(['bnpl-payment-order', 'order-processing', 'sandbox-control'])(
    'should judge %s requests and responses exactly as validators compiled at run time',
    async (name) => {
      for (const revision of await revisionsOf(name)) {
        // Arrange
        const generated: CompiledSpec = await compileSpec(name, { revision });
        const compiled: CompiledSpec = await compileFromSource(name, revision);

        // Act and assert
        for (const [id, operation] of generated.operations) {
          const twin = compiled.operations.get(id);
          if (twin === undefined) throw new Error(`${name} ${revision}: ${id} missing`);
          for (const probe of probes) {
            if (operation.body !== undefined && twin.body !== undefined) {
              expect(verdict(operation.body.validate, probe), `${id} body`).toEqual(
                verdict(twin.body.validate, probe),
              );
            }
            expect(verdict(operation.validatePath, probe)).toEqual(verdict(twin.validatePath, probe));
            for (const [status, media] of operation.responses) {
              for (const [type, validate] of media ?? []) {
                const other = twin.responses.get(status)?.get(type);
                if (other === undefined) throw new Error(`${id} ${status} ${type} missing`);
                expect(verdict(validate, probe), `${id} ${status}`).toEqual(verdict(other, probe));
              }
            }
          }
        }
      }
    },
  );

  it('should load the generated validators, not compile them, while the spec is unchanged', async () => {
    const bodyValidator = (spec: CompiledSpec) => {
      const validate = spec.operations.get('Settle')?.body?.validate;
      if (validate === undefined) throw new Error('Settle takes a body');
      return validate as unknown as { schema?: unknown };
    };
    // Standalone functions carry no `schema` property; run-time compiled ones do.
    expect(bodyValidator(await compileSpec('order-processing')).schema).toBeUndefined();
    expect(bodyValidator(await compileFromSource('order-processing')).schema).toBeDefined();
  });

  it('should validate the sandbox data and the mock rules with their generated validators', async () => {
    const rules = await schemaValidator('mock-rules');
    expect(rules({ api: 'bnpl-payment-order', rules: [] })).toBe(true);
    expect(rules({ api: 'nope', rules: [] })).toBe(false);
    const option = await schemaValidator('order-processing.sandbox-data', '#/$defs/purchaseOption');
    expect(option({})).toBe(false);
  });
});

describe('x-bnpl-max-decimals', () => {
  const validate = createAjv().compile({ type: 'number', 'x-bnpl-max-decimals': 2 });

  it('should agree with hasAtMostDecimals on any number', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100),
          fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
        ),
        (value) => validate(value) === hasAtMostDecimals(value, 2),
      ),
    );
  });

  it.each([
    [0.07, true],
    [1000.5, true],
    [12.345, false],
    [0.001, false],
    [1e21, true],
  ])('should judge %d as %s', (value, ok) => {
    expect(validate(value)).toBe(ok);
  });
});
