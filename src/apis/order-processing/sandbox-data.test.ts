// The sandbox data file as shipped (what op-decisions lists, in pence), the lookups
// with their fallbacks, and the errors bad data gets: file and JSON Pointer named.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  customerFor,
  defaultSandboxDataFile,
  loadSandboxData,
  merchantFor,
  productFor,
  SandboxDataError,
  sandboxDataFrom,
} from './sandbox-data.ts';

const data = await loadSandboxData();
const text = await readFile(defaultSandboxDataFile, 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: the tests break the parsed YAML in every way the schema forbids.
type Loose = Record<string, any>;
const raw = () => parse(text) as Loose;

describe('loadSandboxData', () => {
  it.each([
    ['123456789', { creditLimit: 500000, scaExemptBelow: 3000, declineReason: undefined }],
    ['always-sca', { creditLimit: 500000, scaExemptBelow: undefined, declineReason: undefined }],
    [
      'always-declined',
      { creditLimit: 500000, scaExemptBelow: 3000, declineReason: 'Declined (Account closed)' },
    ],
    ['limit-100', { creditLimit: 10000, scaExemptBelow: 3000, declineReason: undefined }],
  ])('should configure customer %s in pence', (customerRef, want) => {
    expect(customerFor(data, customerRef)).toMatchObject({ customerRef, configuredAs: customerRef, ...want });
  });

  it('should give the default product 6, 12 and 24 months and a Purchase option at 29.9 %', () => {
    const options = productFor(data, 'default').options.map((o) => [
      o.spendType,
      'duration' in o ? o.duration : undefined,
      o.interestRate,
      o.offerSource,
    ]);
    expect(options).toEqual([
      ['Instalment', 6, 0, 'Product'],
      ['Instalment', 12, 0.199, 'Product'],
      ['Instalment', 24, 0, 'Promotional'],
      ['Purchase', undefined, 0.299, undefined],
    ]);
  });

  it('should convert minimumBasket to pence', () => {
    const [six] = productFor(data, 'default').options;
    expect(six).toMatchObject({ minimumBasket: 5000 });
  });
});

describe('customerFor', () => {
  it('should let an unknown customerRef behave like 123456789 under its own ref', () => {
    expect(customerFor(data, 'my-own-ref')).toMatchObject({
      customerRef: 'my-own-ref',
      configuredAs: '123456789',
      creditLimit: 500000,
      scaExemptBelow: 3000,
      productId: 'default',
    });
  });
});

describe('productFor', () => {
  it('should give an unknown productId the default product under its own id', () => {
    const product = productFor(data, 'no-such-product');
    expect(product).toMatchObject({ productId: 'no-such-product', configuredAs: 'default' });
    expect(product.options).toBe(productFor(data, 'default').options);
  });
});

describe('merchantFor', () => {
  it.each([
    [
      'the configured merchant',
      {
        given: '11111111-1111-4111-8111-111111111111',
        want: [false, '11111111-1111-4111-8111-111111111111'],
      },
    ],
    [
      'the configured merchant in upper case',
      {
        given: '11111111-1111-4111-8111-111111111111'.toUpperCase(),
        want: [false, '11111111-1111-4111-8111-111111111111'],
      },
    ],
    ['any other merchant', { given: 'bf62723f-f664-4527-b95b-4dfee33e427d', want: [true, 'default'] }],
  ])('should configure %s', (_, { given, want }) => {
    const merchant = merchantFor(data, given);
    expect([
      merchant.partialSettle && merchant.partialReverse && merchant.partialRefund,
      merchant.configuredAs,
    ]).toEqual(want);
    expect(merchant).toMatchObject({ merchantId: given, brand: 'newpay' });
  });
});

describe('sandboxDataFrom', () => {
  it.each<[string, (d: Loose) => void, RegExp]>([
    [
      'an unknown key',
      (d) => {
        d.customers['123456789'].creditLimt = 1;
      },
      /\/customers\/123456789 must NOT have additional properties \(creditLimt\)/,
    ],
    [
      'three decimals',
      (d) => {
        d.customers['limit-100'].creditLimit = 100.001;
      },
      /\/customers\/limit-100\/creditLimit must have at most 2 decimal places/,
    ],
    [
      'no default product',
      (d) => {
        delete d.products.default;
      },
      /\/products must have required property 'default'/,
    ],
    [
      'a merchant key that is no UUID',
      (d) => {
        d.merchants['not-a-uuid'] = d.merchants.default;
      },
      /\/merchants property name must be valid \(not-a-uuid\)/,
    ],
    [
      'an unknown fallback customer',
      (d) => {
        d.unknownCustomersBehaveLike = 'nobody';
      },
      /\/unknownCustomersBehaveLike names no configured customer \(nobody\)/,
    ],
    [
      'an unknown product of a customer',
      (d) => {
        d.customers['limit-100'].productId = 'gold';
      },
      /\/customers\/limit-100\/productId names no configured product \(gold\)/,
    ],
    [
      'a repeated offerId',
      (d) => {
        d.products.default.options[1].offerId = d.products.default.options[0].offerId;
      },
      /\/products\/default\/options\/1\/offerId repeats/,
    ],
    [
      'a minimum basket too small for its duration',
      (d) => {
        d.products.default.options[2].minimumBasket = 0.01;
      },
      /\/products\/default\/options\/2\/minimumBasket is too small/,
    ],
    [
      'a rate above 1, naming only what the spendType of the option requires',
      (d) => {
        d.products.default.options[0].interestRate = 19.9;
      },
      /: \/products\/default\/options\/0\/interestRate must be <= 1$/,
    ],
    [
      'a Purchase option with a duration',
      (d) => {
        d.products.default.options[3].duration = 3;
      },
      /: \/products\/default\/options\/3 must NOT have additional properties \(duration\)$/,
    ],
    [
      'an unknown spendType',
      (d) => {
        d.products.default.options[1].spendType = 'Cash';
      },
      /\/products\/default\/options\/1\/spendType must be Instalment or Purchase/,
    ],
  ])('should refuse %s, naming the file and the path', async (_, mutate, message) => {
    // Arrange
    const bad = raw();
    mutate(bad);
    // Act
    const loading = sandboxDataFrom(bad, 'test/bad.yaml');
    // Assert
    await expect(loading).rejects.toThrow(SandboxDataError);
    await expect(loading).rejects.toThrow(/^test\/bad\.yaml: /);
    await expect(loading).rejects.toThrow(message);
  });
});

describe('loadSandboxData errors', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('should name a file that cannot be read or is not YAML', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'op-sandbox-'));
    const missing = path.join(dir, 'missing.yaml');
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(broken, 'customers: [unclosed');
    await expect(loadSandboxData(missing)).rejects.toThrow(/missing\.yaml: cannot be read/);
    await expect(loadSandboxData(broken)).rejects.toThrow(/broken\.yaml: not valid YAML/);
  });
});
