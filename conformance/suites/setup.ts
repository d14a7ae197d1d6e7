// Helpers the scenario suites share: bringing an order into the state a scenario
// needs (through the API and the adapter), recording the contract failures of its
// exchanges (engine.ts recordContract).
import { recordContract } from '../engine.ts';
import { captureBody, createBody, operationRequest } from '../requests.ts';
import type { Session } from '../session.ts';
import { jsonObject } from '../transcript.ts';

export interface OrderSetup {
  readonly authorizationMinor?: number;
  /** Have the customer choose a payment method. */
  readonly choose?: boolean;
  /** Have the customer choose and approve. */
  readonly authorize?: boolean;
  /** Then capture this much. */
  readonly captureMinor?: number;
}

/**
 * Creates an order in the requested state and returns its paymentOrderId, or
 * undefined when a step did not succeed (the model suite judges those steps).
 */
export async function prepareOrder(session: Session, setup: OrderSetup): Promise<number | undefined> {
  const kit = session.kit;
  const created = await session.send(
    operationRequest(
      session,
      'createBnplPaymentOrder',
      {},
      createBody(session, { minor: setup.authorizationMinor ?? 100_000 }, 'SEK'),
    ),
  );
  recordContract(kit, created, session.transcript.entries, 'setup: create');
  const id = jsonObject(created.exchange.response)?.paymentOrderId;
  if (created.exchange.response?.status !== 201 || typeof id !== 'number') return undefined;
  const { profileName, subProfileNames } = session.target;
  const choice = { profileName, subProfileName: subProfileNames[0] };
  if (setup.choose || setup.authorize) {
    const chosen = await session.customer('choosePaymentMethod', id, choice);
    if (!chosen.ok) return undefined;
  }
  if (setup.authorize) {
    const approved = await session.customer('authorize', id, choice);
    if (!approved.ok) return undefined;
  }
  if (setup.captureMinor !== undefined) {
    const captured = await session.send(
      operationRequest(
        session,
        'createCapture',
        { paymentOrderId: id },
        captureBody(session, { minor: setup.captureMinor }, 'SEK'),
      ),
    );
    recordContract(kit, captured, session.transcript.entries, 'setup: capture');
    if (captured.exchange.response?.status !== 201) return undefined;
  }
  return id;
}
