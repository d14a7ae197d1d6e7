// Correct alternatives in the lifecycle: copies of the committed lifecycle data that
// take another reading the document allows, handed to the mock through
// `faults.lifecycle`.
import { edited, transitions } from '../lifecycle-edit.ts';

/** cancel-authorize on a Created order is a no-op: there is no "completed authorization" to remove (2.1). */
export const cancelOnCreatedIsNoOp = edited((lc) => {
  for (const t of transitions(lc, 'cancelAuthorize')) {
    if (t.from.includes('Created')) t.to = 'Created';
  }
});

/** cancel-authorize without captures keeps the order Authorized with remainingAmount 0. */
export const cancelWithoutCapturesStaysAuthorized = edited((lc) => {
  for (const t of transitions(lc, 'cancelAuthorize')) {
    if (t.from.includes('Authorized') && t.when?.some((c) => 'op' in c && c.op === '==')) t.to = 'Authorized';
  }
});

/** add-capture stays offered on an Authorized order when nothing remains (more rels than D-05). */
export const captureOfferedWhenNothingRemains = edited((lc) => {
  const addCapture = lc.operations['add-capture'];
  if (addCapture === undefined) throw new Error('alternative: no add-capture operation');
  addCapture.when = [{ status: ['Authorized'] }];
});
