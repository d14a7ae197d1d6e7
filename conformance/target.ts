// The implementation under test: where it is, whose orders the kit may create, the
// token, and the payment profiles its customers can choose. `probeTarget` tells a
// configuration problem (unreachable, token refused, a base URL where no API
// answers) from a verdict before any suite runs.
import { createBody, operationRequest } from './requests.ts';
import { ConfigurationError } from './results.ts';
import { type Kit, Session } from './session.ts';
import { Transcript } from './transcript.ts';

export interface Target {
  readonly baseUrl: string;
  readonly ownerNo: string;
  /** A second ownerNo for the isolation checks. */
  readonly otherOwnerNo: string;
  readonly token: string;
  /** The profile the kit restricts its orders to, and its sub profiles (two or more let the customer choose). */
  readonly profileName: string;
  readonly subProfileNames: readonly string[];
}

/** `<owner>-other`, kept within the 64 characters an ownerNo may have (D-12). */
export function otherOwnerOf(ownerNo: string): string {
  return `${ownerNo.slice(0, 64 - '-other'.length)}-other`;
}

/** A paymentOrderId no implementation has issued: the largest the contract allows. */
export const unknownPaymentOrderId = Number.MAX_SAFE_INTEGER;

/** Throws ConfigurationError when the target cannot be tested as configured. */
export async function probeTarget(kit: Kit): Promise<void> {
  const { client, spec, target } = kit;
  const ownerSchema = spec
    .operation('getBnplPaymentOrder')
    .pathParameters.find((p) => p.name === 'ownerNo')?.schema;
  const pattern = typeof ownerSchema?.pattern === 'string' ? new RegExp(ownerSchema.pattern) : undefined;
  for (const owner of [target.ownerNo, target.otherOwnerNo]) {
    if (pattern !== undefined && !pattern.test(owner)) {
      throw new ConfigurationError(
        `ownerNo ${JSON.stringify(owner)} does not match the contract's ${pattern}`,
      );
    }
  }
  if (target.ownerNo === target.otherOwnerNo) {
    throw new ConfigurationError('the second owner must differ from --owner');
  }
  const exchange = await client.send(new Transcript(), {
    operationId: 'getBnplPaymentOrder',
    method: 'GET',
    path: spec.path('getBnplPaymentOrder', {
      ownerNo: target.ownerNo,
      paymentOrderId: unknownPaymentOrderId,
    }),
  });
  if (exchange.response === undefined) {
    throw new ConfigurationError(
      `target ${target.baseUrl} is unreachable: ${exchange.error ?? 'no response'}`,
    );
  }
  if (exchange.response.status === 401) {
    throw new ConfigurationError(
      `target ${target.baseUrl} refused the token for ownerNo ${target.ownerNo} (401 on GET ${exchange.request.path}); check --token and --owner`,
    );
  }
  // An unknown order is a 404 at any address; a create is not, where the API is.
  const session = new Session(kit);
  const created = await client.send(
    session.transcript,
    operationRequest(session, 'createBnplPaymentOrder', {}, createBody(session, { minor: 100 }, 'SEK')),
  );
  const status = created.response?.status;
  if (status === 404 || status === 405) {
    throw new ConfigurationError(
      `target ${target.baseUrl} answered ${status} to POST ${created.request.path}: is the base URL right? ` +
        '--target is where the implementation is reached, without the API path /ledger/bnpl-payment-order/v1 (e.g. http://127.0.0.1:4010)',
    );
  }
}
