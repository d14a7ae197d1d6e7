// Copies of the mock's committed lifecycle data with one thing changed, handed to
// the mock through `faults.lifecycle`: how the kit's tests build both broken
// implementations (mutants) and correct ones that read the document differently
// (alternatives) without touching the mock's code.
import { bnplPaymentOrderLifecycle } from '../../generated/bnpl-payment-order.lifecycle.ts';
import type { Lifecycle } from '../../generated/lifecycle.schema.ts';

export function edited(edit: (lifecycle: Lifecycle) => void): Lifecycle {
  const copy = structuredClone(bnplPaymentOrderLifecycle) as unknown as Lifecycle;
  edit(copy);
  return copy;
}

export function transitions(lifecycle: Lifecycle, command: string) {
  const definition = lifecycle.commands[command];
  if (definition === undefined) throw new Error(`lifecycle edit: no command ${command}`);
  return definition.transitions;
}
