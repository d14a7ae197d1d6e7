// Mutants of the lifecycle data: copies of the committed lifecycle with one rule
// broken, handed to the mock through `faults.lifecycle`. Each is a bug an
// implementation could plausibly have, and each contradicts the document.
import { edited, transitions } from '../lifecycle-edit.ts';

/** Captures are not checked against remainingAmount. */
export const captureBeyondRemaining = edited((lc) => {
  for (const t of transitions(lc, 'capture')) {
    t.requires = (t.requires ?? []).filter((g) => g.rule !== 'capture-exceeds-remaining-amount');
  }
});

/** Reversals are not checked against the captured sum. */
export const reversalBeyondCaptured = edited((lc) => {
  for (const t of transitions(lc, 'reverse')) {
    t.requires = (t.requires ?? []).filter((g) => g.rule !== 'reversal-exceeds-reversible-amount');
  }
});

/** cancel-authorize after captures forgets to zero remainingAmount. */
export const cancelKeepsRemaining = edited((lc) => {
  for (const t of transitions(lc, 'cancelAuthorize')) {
    if (t.from.includes('Authorized') && t.when?.some((c) => 'op' in c && c.op === '>')) {
      t.effects = t.effects.filter((e) => !('set' in e && e.set === 'remainingAmount'));
    }
  }
});

/** A reversal gives the money back to remainingAmount (a refund treated as an un-capture). */
export const reversalRestoresRemaining = edited((lc) => {
  for (const t of transitions(lc, 'reverse'))
    t.effects.push({ add: 'remainingAmount', value: 'input.amount' });
});

/** redirect works before a payment method was chosen. */
export const redirectWithoutPaymentMethod = edited((lc) => {
  for (const t of transitions(lc, 'redirect')) {
    t.requires = (t.requires ?? []).filter((g) => g.rule !== 'payment-method-not-chosen');
  }
});

/** The customer's failed step authorizes the order instead of failing it. */
export const failedStepAuthorizes = edited((lc) => {
  for (const t of transitions(lc, 'fail')) {
    t.to = 'Authorized';
    t.effects = [{ set: 'remainingAmount', to: 'authorizationAmount' }];
  }
});
