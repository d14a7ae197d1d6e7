// What the source document of bnpl-payment-order says, as the kit reads it: the
// sentences its MUST checks rest on (quoted verbatim, so reports can show them), and
// the few facts the kit's own oracle and negative cases need (which problems each
// operation's table lists, which patterns and limits the document states). Written
// from the document (../shared/seeds/003_d9ff77e03347c369.txt, revision 2024-10-30)
// and, for revision 2026-02-17, the provider's changelog; never from the mock.
import type { Quote as GeneratedQuote } from '../../generated/conformance-report.schema.ts';

/**
 * A sentence (or table row) a check rests on, with where it stands: the report's quote
 * (spec/conformance-report.schema.json). `section` is the document's section ("1.2",
 * "Problems", "every request") or the changelog entry; `text` is verbatim, up to
 * whitespace (the document's tables and examples break lines).
 */
export type Quote = Readonly<GeneratedQuote>;

const doc = (section: string, text: string): Quote => ({ section, text, source: 'document' });

/** Every quote the catalogue uses, by name. */
export const quotes = {
  errorsAreProblems: doc(
    'Problems',
    'All errors from the api are returned in the form of "problems" (response body), except for the http status code itself.',
  ),
  problemMediaType: doc('Problems', 'HTTP/1.1 400 Error Content-Type: application/problem+json'),
  problemExample: doc(
    'Problems',
    '"Type" : "ledger/{domain}/v1/problems/validation", "Title" : "A validation error occurred", "Status" : 400, "Instance" : "215d4206-ca35-4f43-85ad-169c8f6d4ec1", "Detail" :',
  ),
  typeProperty: doc(
    'Problems',
    'The "type" property can be used to programmatically interpret the error as it contains a code definition of the problem.',
  ),
  problemsList: doc(
    'Problems',
    'Problems of type validation does contain an additional list ("Problems") that describes exactly which parameter that failed the validation',
  ),
  validationRow: doc(
    '1.1–5.1',
    '400 validation occurs if any of the input validation fails, it is described in the problem which parameter that failed the validation',
  ),
  notFoundRow: doc(
    '1.1–4.1',
    "404 not-found the targeted resource was not found, cause could be both that it's not accessible with provided information/credentials or that the resource doesn't exist",
  ),
  possibleProblems: doc('1.1–5.1', 'Possible problems Http status Problem type Description'),
  amountZeroRefused: doc(
    'Problems',
    '"amount" : [ "Expected value between [0,01]-[79228162514264337593543950335] actual [0]" ]',
  ),
  authorizationAmountRow: doc(
    '1.2',
    "authorizationAmount number Type: double Max: 100000000 Min: 0 Yes The authorization amount, can't have more than 2 decimal places",
  ),
  amountRow: doc('3.1, 4.1', 'amount number Type: double Max: 100000000 Min: 0 Yes The total amount'),
  currencyEnum: doc('1.2, 3.1, 4.1', 'currency string • SEK • NOK • DKK • EUR Yes'),
  languageCodeEnum: doc('5.1', 'languageCode string • EN • SV • NO • DA Yes'),
  countryCodePattern: doc(
    '1.2',
    "countryCode string Pattern: SE|NO|DK|FI No The country code for the identifier value property. Valid values are 'SE', 'NO', 'DK', 'FI'.",
  ),
  itemDescriptionPattern: doc(
    '3.1',
    'itemDescription string Pattern: ^[\\u0020-\\u003A \\u003C-\\u007E \\u00A0-\\u00FF \\u2019]*$ Yes Name or description of an individual item in the capture',
  ),
  receiptReferencePattern: doc(
    '3.1',
    'receiptReference string Pattern: ^[a-zA-Z0-9#_:@.\\-]{1,}$ Yes A receipt reference meaningful for the consumer',
  ),
  requiredColumn: doc('1.2, 3.1, 4.1, 5.1', 'Property Data typeFormatRequiredDescription'),
  requiredRow: doc('3.1, 4.1', 'sellerTransactionId string Yes'),
  paymentOrderIdType: doc(
    '1.2',
    'paymentOrderId number Type: int64 PaymentOrderId aka ExternalReservationId',
  ),
  statusEnum: doc('1.2', 'status string • Created • Rejected • Canceled • Failed • Authorized'),
  remainingAmount: doc(
    '1.2',
    'Remaining amount of the authorize. If amount is zero then the authorize has already been fully used, cancelled or the payment order has not been authorized yet',
  ),
  authorizedExample: doc(
    '1.1',
    '"status": "Authorized", "authorizationAmount": 1000.00, "remainingAmount": 1000.00,',
  ),
  createdExample: doc('1.2', '"status": "Created", "authorizationAmount": 1000.00, "remainingAmount": 0,'),
  created201: doc('1.2', 'HTTP/1.1 201 Created Content-Type: application/json'),
  ok200: doc('1.1, 5.1', 'HTTP/1.1 200 OK Content-Type: application/json'),
  cancel: doc(
    '2.1',
    'This operation is for removing any remaining amount of an already completed authorization. Already captured amount is unaffected.',
  ),
  cancel204: doc('2.1', 'HTTP/1.1 204 NO CONTENT'),
  captures: doc(
    '3.1',
    'Multiple captures can be done for one payment order as long as we have RemainingAmount left on the order.',
  ),
  captureExample: doc('3.1', '"captureId": 1234, "amount": 1000.00, "currency": "SEK",'),
  reversals: doc('4.1', 'Can only reverse captures from this payment order'),
  reversalExample: doc('4.1', '"reversalId": "12345678", "amount": 1000.00, "currency": "SEK",'),
  redirect409: doc('5.1', '409 invalid-payment-method unable to redirect before choosing a payment method'),
  operations: doc(
    '1.2',
    'operations array List of operations that is possible to perform on the current resource',
  ),
  operationExample: doc(
    '1.1',
    '"rel": "add-capture", "method": "POST", "href": "/ledger/bnpl-payment-order/v1/xxx/bnpl-payment-orders/1234567890/captures"',
  ),
  orderIdentity: doc(
    '1.1',
    '"paymentOrderId": 1234567890, "status": "Authorized", "authorizationAmount": 1000.00,',
  ),
  authorization: doc('every request', 'Authorization: Bearer<Token>'),
  customerChooses: doc(
    'Introduction',
    'the customer themselves are available to choose between preferred payment method from a set of preconfigured payment options',
  ),
  sellerAuthorizationId: doc(
    '1.2',
    "sellerAuthorizationId string Yes The seller's unique identifier of the authorize/payment order",
  ),
  receiptReferenceMandatory: {
    section: 'changelog 2026-02-17',
    text: 'new mandatory parameter ReceiptReference on Post Reversal',
    source: 'changelog 2026-02-17',
  },
  instoreOptional: {
    section: 'changelog 2026-02-17',
    text: 'new optional parameter Instore on Create BnplPaymentOrder',
    source: 'changelog 2026-02-17',
  },
} as const satisfies Record<string, Quote>;

export type QuoteName = keyof typeof quotes;

/**
 * The problems each operation's "Possible problems" table lists, status → problem
 * name. Only these are the document's; every other status the contract declares
 * (401, 413, 415, 404 on redirect, 400 on cancel-authorize) is a decision of ours.
 */
export const documentedProblems: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  getBnplPaymentOrder: { 400: 'validation', 404: 'not-found', 500: 'fatal' },
  createBnplPaymentOrder: { 400: 'validation', 404: 'not-found', 500: 'fatal' },
  createCancelAuthorize: { 404: 'not-found', 500: 'fatal' },
  createCapture: { 400: 'validation', 404: 'not-found', 500: 'fatal' },
  createReversal: { 400: 'validation', 404: 'not-found', 500: 'fatal' },
  redirect: { 409: 'invalid-payment-method', 400: 'validation' },
};

/** The problem name the document lists for a status of an operation, if it lists one. */
export function documentedProblem(operationId: string, status: number): string | undefined {
  return documentedProblems[operationId]?.[status];
}

/** Request members whose pattern the document states (the others' are decisions, D-14). */
export const documentPatternMembers: ReadonlySet<string> = new Set([
  'countryCode',
  'itemDescription',
  'receiptReference',
]);

/** The hypermedia rels the document shows, and the path each POSTs to. */
export const rels = {
  'add-capture': '/captures',
  'add-reversal': '/reversals',
  'cancel-authorize': '/cancel-authorize',
  redirect: '/redirect',
} as const;
export type Rel = keyof typeof rels;
