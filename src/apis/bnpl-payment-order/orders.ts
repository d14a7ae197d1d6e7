// Payment orders of the bnpl-payment-order API as pure values: creating one,
// applying a lifecycle command to it, and rendering it (and its captures and
// reversals) as the spec's shapes. No HTTP, no storage, no clock: ids and the
// lifecycle are arguments. Amounts are Money (integer minor units) throughout; an
// order is plain JSON, so any store can keep it.

import type { components } from '../../../generated/bnpl-payment-order.2026-02-17.ts';
import { bnplPaymentOrderLifecycle } from '../../../generated/bnpl-payment-order.lifecycle.ts';
import { type Currency, type MinorUnits, type Money, toMajor } from '../../../lib/money.ts';
import { intern } from '../../core/intern.ts';
import {
  type AnyLifecycle,
  blankState,
  type CommandInput,
  decide,
  type MachineState,
  offeredOperations,
} from '../../core/lifecycle.ts';

type Schemas = components['schemas'];
export type CreateRequest = Schemas['BnplPaymentOrderRequest'];
export type CaptureRequest = Schemas['CaptureRequest'];
export type ReversalRequest = Schemas['ReversalRequest'];
export type BnplPaymentOrder = Schemas['BnplPaymentOrder'];
export type Capture = Schemas['Capture'];
export type Reversal = Schemas['Reversal'];
export type Status = Schemas['Status'];
export type Rel = Schemas['Operation']['rel'];

export const lifecycle = bnplPaymentOrderLifecycle;
export type Lifecycle = typeof bnplPaymentOrderLifecycle;
/** The rules the lifecycle data names; a fault-injected lifecycle uses the same names. */
export type RuleName = keyof Lifecycle['rules'];
export type Machine = MachineState<Lifecycle>;

export interface ChosenPaymentMethod {
  readonly profileName: string;
  readonly subProfileName?: string;
}

/** A capture as stored: a record of its own, a child of its order. */
export interface CaptureRecord {
  readonly captureId: number;
  readonly money: Money;
  readonly request: CaptureRequest;
}

/** A reversal as stored, a child of its order. */
export interface ReversalRecord {
  readonly reversalId: string;
  readonly money: Money;
  readonly request: ReversalRequest;
}

/** A customer outcome scripted by a scenario rule; applied when the seller redirects. */
export interface ScriptedCustomer {
  readonly outcome: 'approve' | 'decline' | 'fail';
  readonly afterMs: number;
  readonly rule: string;
}

/**
 * A payment order as it is kept: flat and small, so that a million fit in a few hundred
 * MiB (issue 11), and plain JSON for any store. The lifecycle's state is its own fields
 * (`machineOf` builds the engine's view); the create request's members the order shows
 * unchanged are kept as the JSON text they render to (`echo`), so a GET assembles its
 * body without serialising them again.
 */
export interface Order {
  readonly ownerNo: string;
  readonly paymentOrderId: number;
  readonly currency: Schemas['Currency'];
  readonly status: Status;
  /** The lifecycle's quantities, in minor units. */
  readonly authorizationAmount: number;
  readonly remainingAmount: number;
  readonly capturedAmount: number;
  readonly reversedAmount: number;
  readonly paymentMethodChosen: boolean;
  readonly chosen: ChosenPaymentMethod | undefined;
  readonly script: ScriptedCustomer | undefined;
  /**
   * `{"sellerAuthorizationId":…,"customer":…}` as JSON text: the members the order shows
   * as sent that differ from order to order. Kept whole: a slice of it would hold the
   * whole text and a slice header besides.
   */
  readonly echo: string;
  /**
   * `{"pointOfSale":…,"mcc":…}` (and `restrictToProfiles`, and `instore` under revision
   * 2026-02-17) as JSON text: what a shop sends alike on every order, kept once for all
   * of its orders (`intern`).
   */
  readonly shopEcho: string;
}

/** The engine's view of an order's lifecycle state. */
export function machineOf(order: Order): Machine {
  return {
    status: order.status,
    currency: order.currency,
    quantities: {
      authorizationAmount: order.authorizationAmount,
      remainingAmount: order.remainingAmount,
      capturedAmount: order.capturedAmount,
      reversedAmount: order.reversedAmount,
    },
    flags: { paymentMethodChosen: order.paymentMethodChosen },
  };
}

function withMachine(order: Order, machine: Machine): Order {
  const q = machine.quantities;
  // Every member written out rather than spread: the same shape for every order, and no
  // generic copy on the capture path (issue 11).
  return {
    ownerNo: order.ownerNo,
    paymentOrderId: order.paymentOrderId,
    currency: order.currency,
    status: machine.status as Status,
    authorizationAmount: q.authorizationAmount,
    remainingAmount: q.remainingAmount,
    capturedAmount: q.capturedAmount,
    reversedAmount: q.reversedAmount,
    paymentMethodChosen: machine.flags.paymentMethodChosen,
    chosen: order.chosen,
    script: order.script,
    echo: order.echo,
    shopEcho: order.shopEcho,
  };
}

/** The create request as sent (parsed back from the echo: for rules, profiles and pages, off the hot path). */
export function requestOf(order: Order): CreateRequest {
  return {
    authorizationAmount: major(order.authorizationAmount, order.currency),
    currency: order.currency,
    ...(JSON.parse(order.echo) as Pick<CreateRequest, 'sellerAuthorizationId' | 'customer'>),
    ...(JSON.parse(order.shopEcho) as Omit<
      CreateRequest,
      'authorizationAmount' | 'currency' | 'sellerAuthorizationId' | 'customer'
    >),
  };
}

/** The members of a create request the order shows unchanged and that are its own, as one JSON object's text. */
function echoOf(request: CreateRequest): string {
  return JSON.stringify({ sellerAuthorizationId: request.sellerAuthorizationId, customer: request.customer });
}

/** The members a shop sends alike on its orders, as one JSON object's text, shared by equal ones. */
function shopEchoOf(request: CreateRequest, showsInstore: boolean): string {
  const shown = {
    pointOfSale: request.pointOfSale,
    mcc: request.mcc,
    ...(request.restrictToProfiles === undefined ? {} : { restrictToProfiles: request.restrictToProfiles }),
    // DECISIONS.md D-26: left out, the order shows false, as the provider's 2026 example does.
    ...(showsInstore ? { instore: request.instore ?? false } : {}),
  };
  return intern(JSON.stringify(shown));
}

/** The members of an object's JSON text, without its braces, for splicing into another. */
const members = (objectText: string) => objectText.slice(1, -1);

/** The echoed members, each followed by a comma. */
function echoed(order: Order): string {
  const own = members(order.echo);
  const shop = members(order.shopEcho);
  return (own === '' ? '' : `${own},`) + (shop === '' ? '' : `${shop},`);
}

/** The profiles a customer may choose when the order does not restrict them (DECISIONS.md D-08). */
export const defaultProfiles: NonNullable<CreateRequest['restrictToProfiles']> = [
  {
    profileName: 'BA_PartPayment',
    subProfiles: [{ subProfileName: 'InstallmentAccount_3' }, { subProfileName: 'InstallmentAccount_12' }],
  },
  { profileName: 'BA_Invoice' },
];

export function allowedProfiles(request: CreateRequest): NonNullable<CreateRequest['restrictToProfiles']> {
  return request.restrictToProfiles !== undefined && request.restrictToProfiles.length > 0
    ? request.restrictToProfiles
    : defaultProfiles;
}

/** The only possible choice, when the allowed profiles leave exactly one. */
export function singleChoice(request: CreateRequest): ChosenPaymentMethod | undefined {
  const profiles = allowedProfiles(request);
  const [only] = profiles;
  if (profiles.length !== 1 || only === undefined) return undefined;
  const subProfiles = only.subProfiles ?? [];
  if (subProfiles.length > 1) return undefined;
  const sub = subProfiles[0]?.subProfileName;
  return sub === undefined
    ? { profileName: only.profileName }
    : { profileName: only.profileName, subProfileName: sub };
}

const sharedChoices = new Map<string, ChosenPaymentMethod>();

/**
 * One object per distinct choice, its names shared: most orders of a shop are created
 * with the same single profile, and a million orders need not keep a million copies of
 * `{ profileName: "BA_PartPayment" }` (issue 11). Choices are few; past a thousand
 * distinct ones they are kept as they come.
 */
export function shared(choice: ChosenPaymentMethod | undefined): ChosenPaymentMethod | undefined {
  if (choice === undefined) return undefined;
  const id = `${choice.profileName}\u0000${choice.subProfileName ?? ''}`;
  const known = sharedChoices.get(id);
  if (known !== undefined) return known;
  if (sharedChoices.size >= 1000) return choice;
  const copy: ChosenPaymentMethod = Object.freeze(
    choice.subProfileName === undefined
      ? { profileName: intern(choice.profileName) }
      : { profileName: intern(choice.profileName), subProfileName: intern(choice.subProfileName) },
  );
  sharedChoices.set(id, copy);
  return copy;
}

/** Whether a choice is among the allowed profiles (a sub profile, when given, among the profile's). */
export function isAllowed(request: CreateRequest, choice: ChosenPaymentMethod): boolean {
  const profile = allowedProfiles(request).find((p) => p.profileName === choice.profileName);
  if (profile === undefined) return false;
  if (choice.subProfileName === undefined) return true;
  return (profile.subProfiles ?? []).some((s) => s.subProfileName === choice.subProfileName);
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly rule: RuleName };

export function createOrder(
  lc: AnyLifecycle,
  args: {
    ownerNo: string;
    paymentOrderId: number;
    request: CreateRequest;
    amount: Money;
    script: ScriptedCustomer | undefined;
    /** Whether the contract's revision shows `instore` on the order. */
    showsInstore: boolean;
  },
): Outcome<Order> {
  // A scripted customer picks the first allowed profile at once, so redirect works.
  const firstProfile = allowedProfiles(args.request)[0];
  const scriptedChoice =
    args.script === undefined || firstProfile === undefined
      ? undefined
      : {
          profileName: firstProfile.profileName,
          ...(firstProfile.subProfiles?.[0]
            ? { subProfileName: firstProfile.subProfiles[0].subProfileName }
            : {}),
        };
  const chosen = shared(singleChoice(args.request) ?? scriptedChoice);
  const result = decide(lc as Lifecycle, blankState(lc as Lifecycle, args.amount.currency), 'create', {
    amount: args.amount.minor,
    singleProfile: chosen !== undefined,
  });
  if (!result.ok) return result;
  const blank: Order = {
    ownerNo: args.ownerNo,
    paymentOrderId: args.paymentOrderId,
    currency: args.request.currency,
    status: 'Created',
    authorizationAmount: 0,
    remainingAmount: 0,
    capturedAmount: 0,
    reversedAmount: 0,
    paymentMethodChosen: false,
    chosen,
    script: args.script,
    echo: echoOf(args.request),
    shopEcho: shopEchoOf(args.request, args.showsInstore),
  };
  return { ok: true, value: withMachine(blank, result.state) };
}

/** Applies a lifecycle command; the order is unchanged when a rule refuses it. */
export function step(
  lc: AnyLifecycle,
  order: Order,
  command:
    | 'choosePaymentMethod'
    | 'redirect'
    | 'authorize'
    | 'reject'
    | 'fail'
    | 'capture'
    | 'reverse'
    | 'cancelAuthorize',
  input: CommandInput,
): Outcome<Order> {
  const result = decide(lc as Lifecycle, machineOf(order), command, input);
  if (!result.ok) return { ok: false, rule: result.rule };
  return { ok: true, value: withMachine(order, result.state) };
}

export function moneyInput(money: Money): CommandInput {
  return { amount: money.minor, currency: money.currency };
}

export function orderPath(ownerNo: string, paymentOrderId: number): string {
  return `/ledger/bnpl-payment-order/v1/${encodeURIComponent(ownerNo)}/bnpl-payment-orders/${paymentOrderId}`;
}

const major = (minor: number, currency: Currency) => toMajor({ minor: minor as MinorUnits, currency });

/**
 * The order as the API shows it, the spec's BnplPaymentOrder, as JSON text: the lifecycle
 * state, then the echo as it was kept, then the operations the state offers.
 */
export function renderOrderText(lc: AnyLifecycle, order: Order): string {
  const base = orderPath(order.ownerNo, order.paymentOrderId);
  const operations = offeredOperations(lc as Lifecycle, machineOf(order))
    .map(
      (rel) =>
        `{"rel":${JSON.stringify(rel)},"method":"POST","href":${JSON.stringify(base + (lc.operations[rel]?.path ?? ''))}}`,
    )
    .join(',');
  return (
    `{"paymentOrderId":${order.paymentOrderId},"status":${JSON.stringify(order.status)},` +
    `"authorizationAmount":${major(order.authorizationAmount, order.currency)},` +
    `"remainingAmount":${major(order.remainingAmount, order.currency)},"currency":${JSON.stringify(order.currency)},` +
    `${echoed(order)}"operations":[${operations}],"@id":${JSON.stringify(base)}}`
  );
}

/** The same as a value (the create answer, the sandbox's answers). */
export function renderOrder(lc: AnyLifecycle, order: Order): BnplPaymentOrder {
  return JSON.parse(renderOrderText(lc, order)) as BnplPaymentOrder;
}

export function renderCapture(order: Order, capture: CaptureRecord): Capture {
  return {
    captureId: capture.captureId,
    amount: toMajor(capture.money),
    currency: capture.request.currency,
    orderLines: capture.request.orderLines,
    sellerTransactionId: capture.request.sellerTransactionId,
    receiptReference: capture.request.receiptReference,
    '@id': `${orderPath(order.ownerNo, order.paymentOrderId)}/captures/${capture.captureId}`,
  };
}

/**
 * A string as JSON writes it: as is between quotes when nothing in it needs escaping (no
 * quote, backslash, control character or surrogate), else by JSON.stringify.
 */
const plainString = /^[\u0020\u0021\u0023-\u005b\u005d-\ud7ff\ue000-\uffff]*$/;
const jsonString = (s: string) => (plainString.test(s) ? `"${s}"` : JSON.stringify(s));
/** A number as JSON writes it (String's digits; NaN and the infinities as null). */
const jsonNumber = (n: number) => (Number.isFinite(n) ? String(n) : 'null');

/**
 * `renderCapture` as the JSON text `JSON.stringify` would write, member by member: the
 * members are known, so only the shop's order lines go through the generic serializer,
 * which costs a third of a microsecond less on every capture (issue 11).
 */
export function renderCaptureText(order: Order, capture: CaptureRecord): string {
  const c = renderCapture(order, capture);
  // Optional members are left out when absent, as JSON.stringify leaves out undefined.
  return (
    `{"captureId":${jsonNumber(c.captureId)},"amount":${jsonNumber(c.amount)},` +
    `"currency":${jsonString(c.currency)},` +
    (c.orderLines === undefined ? '' : `"orderLines":${orderLinesText(c.orderLines)},`) +
    `"sellerTransactionId":${jsonString(c.sellerTransactionId)}` +
    (c.receiptReference === undefined ? '' : `,"receiptReference":${jsonString(c.receiptReference)}`) +
    (c['@id'] === undefined ? '' : `,"@id":${jsonString(c['@id'])}`) +
    '}'
  );
}

/** Order lines as JSON.stringify writes them; a line with members beyond the spec's two goes through it. */
function orderLinesText(lines: Capture['orderLines']): string {
  let text = '[';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Capture['orderLines'][number];
    const names = Object.keys(line);
    if (i > 0) text += ',';
    text +=
      names.length === 2 &&
      names[0] === 'itemDescription' &&
      names[1] === 'amount' &&
      typeof line.itemDescription === 'string' &&
      typeof line.amount === 'number'
        ? `{"itemDescription":${jsonString(line.itemDescription)},"amount":${jsonNumber(line.amount)}}`
        : JSON.stringify(line);
  }
  return `${text}]`;
}

export function renderReversal(order: Order, reversal: ReversalRecord): Reversal {
  return {
    reversalId: reversal.reversalId,
    amount: toMajor(reversal.money),
    currency: reversal.request.currency,
    sellerTransactionId: reversal.request.sellerTransactionId,
    // Revision 2026-02-17 requires it on the request; the reversal echoes it (D-27).
    ...(reversal.request.receiptReference === undefined
      ? {}
      : { receiptReference: reversal.request.receiptReference }),
    uri: `${orderPath(order.ownerNo, order.paymentOrderId)}/reversals/${reversal.reversalId}`,
  };
}
