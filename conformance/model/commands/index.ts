// The command arbitraries of the model-based suite: create, the customer's steps,
// redirect, capture, reversal, cancel-authorize and get, each on one of the orders
// created so far. Listing an arbitrary twice weighs it double (fc.commands picks
// uniformly).
import fc from 'fast-check';
import { authorizationMinor, invalidCurrencies, invalidRawAmounts, moneyMovement } from '../amounts.ts';
import type { Model, Real } from '../model.ts';
import { CancelAuthorizeCommand } from './cancel-authorize.ts';
import { type CreateOptions, CreateOrderCommand } from './create-order.ts';
import {
  AuthorizeCommand,
  ChoosePaymentMethodCommand,
  FailCommand,
  RejectCommand,
} from './customer-steps.ts';
import { GetOrderCommand } from './get-order.ts';
import { MoneyMovementCommand } from './money-movement.ts';
import { RedirectCommand } from './redirect.ts';

export interface CommandOptions {
  /** The contract's currencies (the Currency enum). */
  readonly currencies: readonly string[];
  /** Whether the adapter can decline (its optional reject). */
  readonly canReject: boolean;
  /** Whether the adapter can make the customer's step fail (its optional fail). */
  readonly canFail: boolean;
  /** The revision's create takes `instore` (2026-02-17). */
  readonly instore: boolean;
  /** The revision's create takes the `SellerNo` query parameter (2026-02-17). */
  readonly sellerNo: boolean;
}

type AnyCommand = fc.AsyncCommand<Model, Real>;

/** What a create of the revision may carry besides its body. */
function createOptions(options: CommandOptions): fc.Arbitrary<CreateOptions> {
  return fc.record({
    repeat: fc.constant(false),
    instore: options.instore ? fc.constantFrom(undefined, false, true) : fc.constant(undefined),
    sellerNo: options.sellerNo ? fc.boolean() : fc.constant(false),
  });
}

/** A valid create: every sequence starts with one, so it reaches captures within a few steps. */
export function validCreate(options: CommandOptions): fc.Arbitrary<CreateOrderCommand> {
  return fc
    .record({
      minor: authorizationMinor,
      currency: fc.constantFrom(...options.currencies),
      extra: createOptions(options),
    })
    .map(({ minor, currency, extra }) => new CreateOrderCommand({ minor }, currency, extra));
}

export function commandArbitraries(options: CommandOptions): fc.Arbitrary<AnyCommand>[] {
  const { currencies } = options;
  const pick = fc.nat({ max: 5 });
  const create = fc.oneof(
    { weight: 8, arbitrary: validCreate(options) },
    {
      weight: 1,
      arbitrary: fc
        .record({ raw: fc.constantFrom(...invalidRawAmounts), currency: fc.constantFrom(...currencies) })
        .map(({ raw, currency }) => new CreateOrderCommand({ raw }, currency)),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ minor: authorizationMinor, currency: fc.constantFrom(...invalidCurrencies) })
        .map(({ minor, currency }) => new CreateOrderCommand({ minor }, currency)),
    },
    {
      // D-07: the sellerAuthorizationId of the first order again.
      weight: 1,
      arbitrary: fc
        .record({ minor: authorizationMinor, currency: fc.constantFrom(...currencies) })
        .map(({ minor, currency }) => new CreateOrderCommand({ minor }, currency, { repeat: true })),
    },
  );
  const movement = (kind: 'capture' | 'reversal') =>
    fc
      .record({ pick, movement: moneyMovement, repeat: fc.integer({ min: 0, max: 7 }) })
      .map(
        ({ pick, movement, repeat }) =>
          new MoneyMovementCommand(kind, pick, movement.amount, movement.currency, currencies, repeat === 0),
      );
  const choose = fc
    .record({ pick, sub: fc.nat({ max: 3 }) })
    .map(({ pick, sub }) => new ChoosePaymentMethodCommand(pick, sub));
  const authorize = pick.map((p) => new AuthorizeCommand(p));
  const cancel = fc
    .record({ pick, empty: fc.boolean() })
    .map(({ pick, empty }) => new CancelAuthorizeCommand(pick, empty));
  const arbitraries: fc.Arbitrary<AnyCommand>[] = [
    create,
    create,
    choose,
    authorize,
    authorize,
    authorize,
    pick.map((p) => new RedirectCommand(p)),
    movement('capture'),
    movement('capture'),
    movement('capture'),
    movement('reversal'),
    movement('reversal'),
    cancel,
    cancel,
    pick.map((p) => new GetOrderCommand(p)),
  ];
  if (options.canReject) arbitraries.push(pick.map((p) => new RejectCommand(p)));
  if (options.canFail) arbitraries.push(pick.map((p) => new FailCommand(p)));
  return arbitraries;
}
