// The command arbitraries of the model-based suite: create, the customer's steps,
// redirect, capture, reversal, cancel-authorize and get, each on one of the orders
// created so far. Listing an arbitrary twice weighs it double (fc.commands picks
// uniformly).
import fc from 'fast-check';
import { authorizationMinor, invalidCurrencies, invalidRawAmounts, moneyMovement } from '../amounts.ts';
import type { Model, Real } from '../model.ts';
import { CancelAuthorizeCommand } from './cancel-authorize.ts';
import { CreateOrderCommand } from './create-order.ts';
import { AuthorizeCommand, ChoosePaymentMethodCommand, RejectCommand } from './customer-steps.ts';
import { GetOrderCommand } from './get-order.ts';
import { MoneyMovementCommand } from './money-movement.ts';
import { RedirectCommand } from './redirect.ts';

export interface CommandOptions {
  /** The contract's currencies (the Currency enum). */
  readonly currencies: readonly string[];
  /** Whether the adapter can decline (its optional reject). */
  readonly canReject: boolean;
}

type AnyCommand = fc.AsyncCommand<Model, Real>;

/** A valid create: every sequence starts with one, so it reaches captures within a few steps. */
export function validCreate(options: CommandOptions): fc.Arbitrary<CreateOrderCommand> {
  return fc
    .record({ minor: authorizationMinor, currency: fc.constantFrom(...options.currencies) })
    .map(({ minor, currency }) => new CreateOrderCommand({ minor }, currency));
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
  );
  const capture = fc
    .record({ pick, movement: moneyMovement })
    .map(
      ({ pick, movement }) =>
        new MoneyMovementCommand('capture', pick, movement.amount, movement.currency, currencies),
    );
  const reversal = fc
    .record({ pick, movement: moneyMovement })
    .map(
      ({ pick, movement }) =>
        new MoneyMovementCommand('reversal', pick, movement.amount, movement.currency, currencies),
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
    capture,
    capture,
    capture,
    reversal,
    reversal,
    cancel,
    cancel,
    pick.map((p) => new GetOrderCommand(p)),
  ];
  if (options.canReject) arbitraries.push(pick.map((p) => new RejectCommand(p)));
  return arbitraries;
}
