// The capture answer is written as JSON text member by member; it must be exactly what
// JSON.stringify writes for the typed Capture value, whatever the shop sent: quotes,
// backslashes, control characters, lone surrogates, -0 and non-finite amounts, a missing
// receiptReference or orderLines, order lines with other members.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Currency, MinorUnits } from '../../../lib/money.ts';
import { type CaptureRecord, type Order, renderCapture, renderCaptureText } from './orders.ts';

const text = fc.string({ unit: 'binary', maxLength: 20 });

describe('renderCaptureText', () => {
  it('should write what JSON.stringify writes for renderCapture', () => {
    fc.assert(
      fc.property(
        fc.record({
          ownerNo: text,
          paymentOrderId: fc.integer({ min: 1, max: 2 ** 40 }),
          captureId: fc.integer({ min: 1, max: 2 ** 40 }),
          minor: fc.integer({ min: 0, max: 10 ** 12 }),
          currency: fc.constantFrom<Currency>('SEK', 'NOK', 'DKK', 'EUR'),
          orderLines: fc.option(
            fc.array(
              fc.oneof(
                fc.record({ itemDescription: text, amount: fc.double() }),
                // Members in another order, or beyond the spec's two, take the generic way.
                fc.record({ amount: fc.double(), itemDescription: text }),
                fc.record({ itemDescription: text, amount: fc.double(), sku: fc.option(text) }),
              ),
              { maxLength: 3 },
            ),
            { nil: undefined },
          ),
          sellerTransactionId: text,
          receiptReference: fc.option(text, { nil: undefined }),
        }),
        (c) => {
          const order = { ownerNo: c.ownerNo, paymentOrderId: c.paymentOrderId } as Order;
          const capture: CaptureRecord = {
            captureId: c.captureId,
            money: { minor: c.minor as MinorUnits, currency: c.currency },
            request: {
              amount: c.minor / 100,
              currency: c.currency,
              orderLines: c.orderLines,
              sellerTransactionId: c.sellerTransactionId,
              ...(c.receiptReference === undefined ? {} : { receiptReference: c.receiptReference }),
            } as CaptureRecord['request'],
          };
          const written = renderCaptureText(order, capture);
          expect(written).toBe(JSON.stringify(renderCapture(order, capture)));
          expect(JSON.parse(written)).toEqual(JSON.parse(JSON.stringify(renderCapture(order, capture))));
        },
      ),
      { numRuns: 500 },
    );
  });
});
