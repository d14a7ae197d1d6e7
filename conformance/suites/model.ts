// bnpl-payment-order's model-based suite: sequences of create, the customer's steps,
// redirect, capture, reversal, cancel-authorize and get (model/commands/), each
// starting with a valid create, run and shrunk by the shared engine (sequences.ts).
import { commandArbitraries, validCreate } from '../model/commands/index.ts';
import { type Model, Real } from '../model/model.ts';
import { type ModelSuiteOptions, runSequences } from '../sequences.ts';
import { type Kit, Session } from '../session.ts';
import type { SuiteShare } from './types.ts';

export { type ModelSuiteOptions, parseReplayPath } from '../sequences.ts';

export async function runModelSuite(kit: Kit, options: ModelSuiteOptions): Promise<SuiteShare> {
  const commandOptions = {
    currencies: kit.spec.currencies,
    canReject: typeof kit.adapter.reject === 'function',
    canFail: typeof kit.adapter.fail === 'function',
    instore: kit.spec.declares('BnplPaymentOrderRequest', 'instore'),
    sellerNo: kit.spec.takesQuery('createBnplPaymentOrder', 'SellerNo'),
  };
  return runSequences<Model, Real>(kit, options, {
    first: validCreate(commandOptions),
    commands: commandArbitraries(commandOptions),
    start: (warn) => ({ model: { orders: [] }, real: new Real(new Session(kit), warn) }),
  });
}
