// What the public material on Order Processing says, as the kit reads it: the
// sentences its MUST checks rest on, quoted verbatim from the short document
// (../shared/seeds/000_17df4ce34c60f892.txt, "Order Processing 1.0", steps 1–6) or
// from the research digest (../shared/research/newday-order-processing.md, whose
// source ids S1…S16 name the public pages), and the few facts the kit's model and
// checks need. Written from those sources, never from the mock.
import type { Quote } from '../bnpl-payment-order/document.ts';

const doc = (step: string, text: string): Quote => ({ section: step, text, source: 'document' });
const research = (id: string, text: string): Quote => ({ section: id, text, source: 'research' });

/** Every quote the Order Processing catalogue uses, by name. */
export const quotes = {
  overview: doc('Overview', 'manage the customer purchase from authorisation to reverse, settle, or refund.'),
  spendOptionIdNote: doc(
    '1',
    'Note: The spend options by CustomerRef response will return a spendOptionId for each spend option, this Id is used in the authorise request.',
  ),
  initiateTransaction: doc(
    '2',
    'Initiate the transaction: If SCA is applicable, the Initiate endpoint can be called to check the SCA status.',
  ),
  exemptOrRequired: doc(
    '2',
    'The response will confirm if the customer is exempt from SCA or if authentication is required.',
  ),
  widgetUrl: doc(
    '2',
    'If authentication is required, the Initiate endpoint response will provide the widget URL to load the SCA Widget.',
  ),
  authorise: doc(
    '3',
    'Call the Authorisation endpoint with the spendOptionId to obtain authorisation for the amount.',
  ),
  hold: doc(
    '3',
    'A successful request will return an authorisationId, and a temporary hold for the amount is put on the account until the transaction is Settled or Reversed.',
  ),
  reverse: doc(
    '4',
    'To cancel all or part of an authorised customer purchase, call the Reverse endpoint with the authorisationId and the amount to be reversed.',
  ),
  remainingFloat: doc(
    '4',
    'A successful request will return an authorisationReversalId and the remainingFloat (i.e. the amount left to be Settled or Reversed).',
  ),
  settle: doc(
    '5',
    'To settle an order, call the Settle endpoint with the authorisationId and the amount to settle.',
  ),
  settlePart: doc(
    '5',
    'Based on the configuration, settlement can occur for the whole or part of the authorisation amount.',
  ),
  transactionId: doc('5', 'A successful request returns a transactionId.'),
  refund: doc(
    '6',
    'To refund a customer’s settled transaction, call the Refund endpoint with the transactionId and amount to be refunded.',
  ),
  refundPart: doc(
    '6',
    'Based on the configuration, a refund can occur for the whole or part of the settled amount.',
  ),
  refundTransactionId: doc('6', 'A successful request will return a refundTransactionId.'),
  amountObject: research('S2', 'Represents a monetary amount with value and currency code'),
  majorUnits: research('S15', 'major units as JSON number (12.34 not 1234), ISO 4217 code'),
  statusCodes: research(
    'S15',
    '400 invalid data/operation (do not retry), 409 when the resource is in the wrong state for an otherwise valid request, 403 not authorised, 404 resource does not exist',
  ),
  success200: research('S15', '200 for success (201/204 discouraged)'),
  contentType: research('S4', 'Content type | `application/json` | FACT [S4]'),
  exemptToken: research('S7', 'If no step-up is needed it returns a "transaction-exempt token".'),
  upgradedToken: research('S8', 'success yields an "upgraded" token for Authorise'),
  scaTokenHeader: research('S4', '`sca-token` | Authorise | string | FACT [S4]'),
  idempotencyKey: research(
    'S4',
    'Idempotency: only the `idempotency-key` header (UUID) on the Authorise sample is public.',
  ),
  illustration: research('S5', 'illustration.monthlyPayment / interestToPay / totalRepayable'),
  customerRefSpendOptionId: research('S1', 'the customerRef variant returns a `spendOptionId` per'),
  creditAgain: research('S10', 'amount is credited to the customer and becomes available credit again'),
  customerToken: research('S13', 'SSO widget (source of customer token)'),
} as const satisfies Record<string, Quote>;

/**
 * The members an answer carries by the document's own words (steps 3–6) and the
 * public samples (S1, S4, S5), by operation and by where they sit in the body (`''`
 * the body, `options[]` each option, `options[].illustration`). The open reading of
 * a response schema requires only these, and `value` and `currencyCode` of every
 * amount (S2); everything else the contract requires is a decision of ours (OP-D-14,
 * OP-D-15, OP-D-19, OP-D-21).
 */
export const documentedMembers: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  Authorise: { '': ['authorisationId'] },
  Settle: { '': ['transactionId'] },
  Reverse: { '': ['authorisationReversalId', 'remainingFloat'] },
  Refund: { '': ['refundTransactionId'] },
  SpendOptionsForCustomerRef: { '': ['options'], 'options[]': ['spendOptionId'] },
  SpendOptionsForProduct: { '': ['options'] },
};

/** The largest amount the contract takes in a request, in pence (OP-D-07: 100000.00). */
export const largestAmountMinor = 10_000_000;
