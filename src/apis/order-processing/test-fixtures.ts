// Shared by the Order Processing unit and property tests: the shipped sandbox data,
// merchants, and records built the way the operations build them.
import { type Money, minor } from '../../../lib/money.ts';
import { authorise } from './authorisations.ts';
import type { AccessTokenRecord, AuthorisationRecord, CreditRecord, ScaTokenRecord } from './records.ts';
import { customerFor, loadSandboxData, productFor } from './sandbox-data.ts';

export const data = await loadSandboxData();
/** Any merchant: the default configuration, partial operations allowed. */
export const merchantId = 'bf62723f-f664-4527-b95b-4dfee33e427d';
/** The configured merchant that forbids partial operations. */
export const strictMerchantId = '11111111-1111-4111-8111-111111111111';

export const gbp = (pence: number): Money => ({ minor: minor(pence), currency: 'GBP' });

export const accessFor = (customerRef: string): AccessTokenRecord => ({
  customerAccessToken: `access-${customerRef}`,
  customerRef,
});

export const scaTokenFor = (
  customerRef: string,
  amount: number,
  over: Partial<ScaTokenRecord> = {},
): ScaTokenRecord => ({
  scaToken: `sca-${customerRef}-${amount}`,
  merchantId,
  customerRef,
  amount: minor(amount),
  status: 'completed',
  ...over,
});

/** Authorise through the real decision; throws when it is refused. */
export function authorised(
  customerRef: string,
  amount: number,
  options: { merchant?: string; credit?: CreditRecord; authorisationId?: string } = {},
): { authorisation: AuthorisationRecord; credit: CreditRecord } {
  const merchant = options.merchant ?? merchantId;
  const result = authorise({
    merchantId: merchant,
    customerRef,
    accessToken: accessFor(customerRef),
    scaToken: scaTokenFor(customerRef, amount, { merchantId: merchant }),
    customer: customerFor(data, customerRef),
    product: productFor(data, 'default'),
    credit: options.credit,
    request: { amount: gbp(amount), orderReference: 'order-1' },
    authorisationId: options.authorisationId ?? '0b0e7c4e-0000-4000-8000-000000000001',
  });
  if (!result.ok) throw new Error(result.refusal.detail);
  return { authorisation: result.value.authorisation, credit: result.value.credit };
}
