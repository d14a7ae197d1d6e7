// The Order Processing implementation under test: its base URL (up to and including
// /cl/merchant-gateway-service), the merchant, tenant and subscription key the kit
// sends, the customer the vendor promises is approved within the budget, and the
// optional second customer and merchant for the isolation checks.
import { randomUUID } from 'node:crypto';

export interface OrderProcessingTarget {
  readonly baseUrl: string;
  readonly merchantId: string;
  readonly tenantId: string;
  readonly subscriptionKey: string;
  readonly customerRef: string;
  /** A second approved customer; without one, the checks that need it are not evaluated. */
  readonly otherCustomerRef?: string | undefined;
  /** A second merchant for the isolation checks (default: otherMerchantOf(merchantId)). */
  readonly otherMerchantId?: string | undefined;
  /** The credit the kit may hold or owe at once, in pence (default £1,000.00). */
  readonly budgetMinor?: number | undefined;
}

/** £1,000.00. */
export const defaultBudgetMinor = 100_000;

/** Another merchant id of the same form: the last hex digit of the UUID changed. */
export function otherMerchantOf(merchantId: string): string {
  const last = merchantId.slice(-1).toLowerCase();
  if (!/^[0-9a-f]$/.test(last)) return randomUUID();
  return merchantId.slice(0, -1) + (last === 'f' ? '0' : (Number.parseInt(last, 16) + 1).toString(16));
}
