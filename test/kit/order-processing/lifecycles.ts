// Copies of the Order Processing mock's committed lifecycle data with one thing
// changed, handed to the mock through `orderProcessingFaults.lifecycles`: how the
// kit's tests build broken implementations without touching the mock's code.

import type { Lifecycle } from '../../../generated/lifecycle.schema.ts';
import { orderProcessingAuthorisationLifecycle } from '../../../generated/order-processing.authorisation.lifecycle.ts';
import type { OrderProcessingFaults } from '../../../src/mock/server.ts';

type Authorisation = NonNullable<NonNullable<OrderProcessingFaults['lifecycles']>['authorisation']>;

function editedAuthorisation(edit: (lifecycle: Lifecycle) => void): Authorisation {
  const copy = structuredClone(orderProcessingAuthorisationLifecycle) as unknown as Lifecycle;
  edit(copy);
  return copy as unknown as Authorisation;
}

function transitions(lifecycle: Lifecycle, command: string) {
  const definition = lifecycle.commands[command];
  if (definition === undefined) throw new Error(`lifecycle edit: no command ${command}`);
  return definition.transitions;
}

/** A declined authorisation still holds its amount: the Declined transition keeps remainingFloat. */
export const declineHoldsCredit = editedAuthorisation((lc) => {
  for (const t of transitions(lc, 'authorise')) {
    if (t.to === 'Declined') {
      t.effects = t.effects.map((e) =>
        'set' in e && e.set === 'remainingFloat' ? { set: 'remainingFloat', to: 'input.amount' } : e,
      );
    }
  }
});

/** A reverse forgets to take its amount off the float (the hold is released, the float is not). */
export const reverseKeepsFloat = editedAuthorisation((lc) => {
  for (const t of transitions(lc, 'reverse')) {
    t.effects = t.effects.filter((e) => !('subtract' in e && e.subtract === 'remainingFloat'));
  }
});
