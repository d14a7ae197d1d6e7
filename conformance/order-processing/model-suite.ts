// Order Processing's model-based suite: sequences of spend options, Initiate, the
// customer's SCA, Authorise, upward adjustment, settle, reverse, refund and replays
// (commands.ts), each starting with an authorisation within the budget, run and shrunk
// by the shared engine (sequences.ts). Before each sequence the adapter's reset (when
// it offers one) clears the merchant, so a sequence and its replay start alike; after
// it the sequence releases what it holds, so runs never exhaust the customer's credit.
import fc from 'fast-check';
import { ConfigurationError } from '../results.ts';
import { type ModelSuiteOptions, runSequences } from '../sequences.ts';
import { Session } from '../session.ts';
import type { SuiteShare } from '../suites/types.ts';
import { resetKit } from './adapter.ts';
import {
  AdjustCommand,
  type AuthAmount,
  AuthoriseCommand,
  CompleteScaCommand,
  InitiateCommand,
  type MoveAmount,
  MoveCommand,
  OpReal,
  RefundCommand,
  ReplayCommand,
  ReuseKeyCommand,
  release,
  SpendOptionsCommand,
} from './commands.ts';
import { emptyModel, exposure, type OpModel, type Unauthenticated } from './oracle.ts';
import type { OpKit } from './requests.ts';

const pick = fc.nat({ max: 7 });

/** A share of the budget left (so that several authorisations fit), a small amount, or the largest. */
const authAmount: fc.Arbitrary<AuthAmount> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({ den: fc.constantFrom(2, 3, 4, 7), num: fc.integer({ min: 1, max: 3 }) })
      .map(({ num, den }): AuthAmount => ({ kind: 'budget', num: Math.min(num, den - 1), den })),
  },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 1, max: 2999 }).map((minor): AuthAmount => ({ kind: 'fixed', minor })),
  },
  { weight: 2, arbitrary: fc.constant<AuthAmount>({ kind: 'largest' }) },
);

/** Amounts of the contract's AmountRequest that the sources refuse (S2, S15). */
const invalidAmounts = [
  { raw: { value: 0, currencyCode: 'GBP' }, what: 'of 0' },
  { raw: { value: -1, currencyCode: 'GBP' }, what: 'of -1.00' },
  { raw: { value: 0.001, currencyCode: 'GBP' }, what: 'with 3 decimals' },
  { raw: { value: 10, currencyCode: 'EUR' }, what: 'in EUR' },
  { raw: { value: '10.00', currencyCode: 'GBP' }, what: 'as a string' },
] as const;

const moveAmount: fc.Arbitrary<MoveAmount> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({ den: fc.constantFrom(1, 2, 3, 4, 7), num: fc.integer({ min: 1, max: 7 }) })
      .map(({ num, den }): MoveAmount => ({ kind: 'fraction', num: Math.min(num, den), den })),
  },
  { weight: 2, arbitrary: fc.constant<MoveAmount>({ kind: 'all' }) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 1, max: 500 })
      .map((extraMinor): MoveAmount => ({ kind: 'above', extraMinor })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...invalidAmounts).map((a): MoveAmount => ({ kind: 'invalid', ...a })),
  },
);

const fresh = fc
  .record({
    amount: authAmount,
    override: fc.oneof(
      { weight: 4, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    spendOption: fc.option(pick, { freq: 3 }),
  })
  .map(
    ({ amount, override, spendOption }) =>
      new AuthoriseCommand(amount, { override, ...(spendOption === null ? {} : { spendOption }) }),
  );

/** Every sequence starts with an authorisation within the budget, so settles come within a few steps. */
const first = fc
  .record({
    num: fc.integer({ min: 1, max: 2 }),
    den: fc.constantFrom(3, 4, 5),
    spendOption: fc.option(pick, { freq: 4 }),
  })
  .map(
    ({ num, den, spendOption }) =>
      new AuthoriseCommand({ kind: 'budget', num, den }, spendOption === null ? {} : { spendOption }),
  );

const basket = fc.oneof(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom(5_000, 10_000, 25_000, 60_000));
const filters = fc.record(
  {
    promoOnly: fc.boolean(),
    zeroPercentOnly: fc.boolean(),
    spendType: fc.constantFrom('Instalment' as const, 'Purchase' as const),
    orderBy: fc.constant('InstalmentPaymentAmount' as const),
  },
  { requiredKeys: [] },
);

const commands = [
  fresh,
  fresh,
  fc
    .record({ pick, relation: fc.constantFrom('equal' as const, 'less' as const, 'more' as const) })
    .map(
      ({ pick, relation }) =>
        new AuthoriseCommand({ kind: 'budget', num: 1, den: 2 }, { token: { pick, relation } }),
    ),
  fc
    .record({ amount: authAmount, how: fc.constantFrom<Unauthenticated>('missing', 'unissued') })
    .map(({ amount, how }) => new AuthoriseCommand(amount, { unauthenticated: how })),
  fc
    .record({ amount: authAmount, override: fc.boolean() })
    .map(({ amount, override }) => new InitiateCommand(amount, override)),
  pick.map((p) => new CompleteScaCommand(p)),
  fc.record({ pick, amount: authAmount }).map(({ pick, amount }) => new AdjustCommand(pick, amount)),
  fc.record({ pick, amount: authAmount }).map(({ pick, amount }) => new AdjustCommand(pick, amount)),
  fc.record({ pick, amount: moveAmount }).map(({ pick, amount }) => new MoveCommand('settle', pick, amount)),
  fc.record({ pick, amount: moveAmount }).map(({ pick, amount }) => new MoveCommand('settle', pick, amount)),
  fc.record({ pick, amount: moveAmount }).map(({ pick, amount }) => new MoveCommand('settle', pick, amount)),
  fc.record({ pick, amount: moveAmount }).map(({ pick, amount }) => new MoveCommand('reverse', pick, amount)),
  fc.record({ pick, amount: moveAmount }).map(({ pick, amount }) => new MoveCommand('reverse', pick, amount)),
  fc.record({ pick, amount: moveAmount }).map(({ pick, amount }) => new RefundCommand(pick, amount)),
  fc.record({ pick, amount: moveAmount }).map(({ pick, amount }) => new RefundCommand(pick, amount)),
  pick.map((p) => new ReplayCommand(p)),
  pick.map((p) => new ReplayCommand(p)),
  pick.map((p) => new ReuseKeyCommand(p)),
  fc
    .record({ variant: fc.constantFrom('customer' as const, 'product' as const), basket, filters })
    .map(({ variant, basket, filters }) => new SpendOptionsCommand(variant, basket, filters)),
];

export async function runOrderProcessingModel(kit: OpKit, options: ModelSuiteOptions): Promise<SuiteShare> {
  return runSequences<OpModel, OpReal>(kit, options, {
    first,
    commands,
    start: (warn) => ({ model: emptyModel(), real: new OpReal(new Session(kit), warn) }),
    async before() {
      if (kit.adapter.reset === undefined) return;
      try {
        await resetKit(kit);
      } catch (error) {
        throw new ConfigurationError(
          `the adapter's reset failed before a sequence: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    async finish(model, real) {
      await release(model, real);
      kit.ledger.carried += exposure(model);
    },
    async cleanup(model, real) {
      await release(model, real).catch(() => undefined);
      kit.ledger.carried += exposure(model);
    },
  });
}
