// The customer's pages of the bnpl-payment-order mock, as HTML strings: the
// payment-method choice and the checkout (approve or decline). Plain forms, no
// script, so any browser (or curl) can click through. The text follows the
// redirect's `languageCode` (EN, SV, NO, DA, document 5.1), payment methods show a
// readable name beside their ids, and every value from a request is HTML-escaped.

import { escapeHtml } from '../../core/html.ts';
import type { ChosenPaymentMethod } from './orders.ts';

export interface PageModel {
  readonly paymentOrderId: number;
  readonly status: string;
  readonly amount: string;
  readonly pointOfSale: string;
  readonly profiles: readonly { profileName: string; subProfiles?: readonly { subProfileName: string }[] }[];
  readonly chosen: ChosenPaymentMethod | undefined;
  readonly basePath: string;
}

/** The page languages: the redirect's languageCode enum (document 5.1). */
export const pageLanguages = ['EN', 'SV', 'NO', 'DA'] as const;
export type PageLanguage = (typeof pageLanguages)[number];

/** An unknown or missing languageCode reads as English. */
export function pageLanguage(code: string | null | undefined): PageLanguage {
  const upper = (code ?? '').toUpperCase();
  return (pageLanguages as readonly string[]).includes(upper) ? (upper as PageLanguage) : 'EN';
}

const htmlLang: Record<PageLanguage, string> = { EN: 'en', SV: 'sv', NO: 'nb', DA: 'da' };

/** Every text of the pages, per language. */
const texts = {
  EN: {
    banner: 'bnpl-kit mock · simulated customer step, no real payment',
    notFound: 'Payment order not found',
    paymentOrder: 'payment order',
    status: 'Status',
    chooseTitle: 'Choose how to pay',
    chosen: 'Chosen',
    noneYet: 'none yet',
    continue: 'Continue',
    noLongerChoosing: 'This order no longer awaits a choice.',
    checkoutTitle: 'Checkout',
    payWith: 'Pay with',
    approve: 'Approve',
    decline: 'Decline',
    notChosen: 'No payment method is chosen yet.',
    chooseOne: 'Choose one',
    orderIs: 'This order is',
    backTo: 'Back to',
    cannotChoose: 'That payment method cannot be chosen.',
    noLongerAwaits: 'This order no longer awaits you.',
    partPayment: 'Part payment',
    invoice: 'Invoice',
    months: (n: string) => `${n} months`,
  },
  SV: {
    banner: 'bnpl-kit mock · simulerat kundsteg, ingen riktig betalning',
    notFound: 'Betalningsordern hittades inte',
    paymentOrder: 'betalningsorder',
    status: 'Status',
    chooseTitle: 'Välj hur du vill betala',
    chosen: 'Vald',
    noneYet: 'ingen ännu',
    continue: 'Fortsätt',
    noLongerChoosing: 'Den här ordern väntar inte längre på ett val.',
    checkoutTitle: 'Kassa',
    payWith: 'Betala med',
    approve: 'Godkänn',
    decline: 'Avböj',
    notChosen: 'Inget betalsätt är valt ännu.',
    chooseOne: 'Välj ett',
    orderIs: 'Den här ordern är',
    backTo: 'Tillbaka till',
    cannotChoose: 'Det betalsättet kan inte väljas.',
    noLongerAwaits: 'Den här ordern väntar inte längre på dig.',
    partPayment: 'Delbetalning',
    invoice: 'Faktura',
    months: (n: string) => `${n} månader`,
  },
  NO: {
    banner: 'bnpl-kit mock · simulert kundesteg, ingen ekte betaling',
    notFound: 'Betalingsordren ble ikke funnet',
    paymentOrder: 'betalingsordre',
    status: 'Status',
    chooseTitle: 'Velg hvordan du vil betale',
    chosen: 'Valgt',
    noneYet: 'ingen ennå',
    continue: 'Fortsett',
    noLongerChoosing: 'Denne ordren venter ikke lenger på et valg.',
    checkoutTitle: 'Kasse',
    payWith: 'Betal med',
    approve: 'Godkjenn',
    decline: 'Avslå',
    notChosen: 'Ingen betalingsmåte er valgt ennå.',
    chooseOne: 'Velg én',
    orderIs: 'Denne ordren er',
    backTo: 'Tilbake til',
    cannotChoose: 'Den betalingsmåten kan ikke velges.',
    noLongerAwaits: 'Denne ordren venter ikke lenger på deg.',
    partPayment: 'Delbetaling',
    invoice: 'Faktura',
    months: (n: string) => `${n} måneder`,
  },
  DA: {
    banner: 'bnpl-kit mock · simuleret kundetrin, ingen rigtig betaling',
    notFound: 'Betalingsordren blev ikke fundet',
    paymentOrder: 'betalingsordre',
    status: 'Status',
    chooseTitle: 'Vælg hvordan du vil betale',
    chosen: 'Valgt',
    noneYet: 'ingen endnu',
    continue: 'Fortsæt',
    noLongerChoosing: 'Denne ordre venter ikke længere på et valg.',
    checkoutTitle: 'Kasse',
    payWith: 'Betal med',
    approve: 'Godkend',
    decline: 'Afvis',
    notChosen: 'Der er endnu ikke valgt en betalingsmåde.',
    chooseOne: 'Vælg en',
    orderIs: 'Denne ordre er',
    backTo: 'Tilbage til',
    cannotChoose: 'Den betalingsmåde kan ikke vælges.',
    noLongerAwaits: 'Denne ordre venter ikke længere på dig.',
    partPayment: 'Afbetaling',
    invoice: 'Faktura',
    months: (n: string) => `${n} måneder`,
  },
} as const;

export type PageText = keyof (typeof texts)['EN'];

/** A page text in a language (errors the api module shows on a refused form step). */
export function pageText(language: PageLanguage, key: Exclude<PageText, 'months'>): string {
  return texts[language][key];
}

/**
 * A readable name for a profile or sub profile id: the mock's default profiles
 * (BA_PartPayment, BA_Invoice, InstallmentAccount_<n>) by name, any other id as it is.
 */
export function profileLabel(id: string, language: PageLanguage): string {
  const t = texts[language];
  if (id === 'BA_PartPayment') return t.partPayment;
  if (id === 'BA_Invoice') return t.invoice;
  const months = /^InstallmentAccount_([0-9]+)$/.exec(id)?.[1];
  return months === undefined ? id : t.months(months);
}

function layout(title: string, body: string, language: PageLanguage): string {
  return `<!doctype html>
<html lang="${htmlLang[language]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.ico">
<title>${escapeHtml(title)} · bnpl-kit mock</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1f; }
  .card { border: 1px solid #d0d0d7; border-radius: 12px; padding: 1.25rem 1.5rem; }
  .amount { font-size: 2rem; font-weight: 700; margin: .25rem 0 1rem; }
  .muted { color: #5b5b66; font-size: .9rem; }
  .actions { display: flex; gap: .75rem; margin-top: 1.25rem; }
  button { font: inherit; padding: .6rem 1.2rem; border-radius: 8px; border: 1px solid #1b1b1f; background: #fff; cursor: pointer; }
  button.primary { background: #1b1b1f; color: #fff; }
  label { display: block; padding: .4rem 0; }
  code { font-size: .8rem; color: #5b5b66; }
  .error { color: #a40e26; }
  .banner { background: #fff4ce; padding: .5rem .75rem; border-radius: 8px; font-size: .85rem; margin-bottom: 1rem; }
</style>
</head>
<body>
<p class="banner">${escapeHtml(texts[language].banner)}</p>
${body}
</body>
</html>`;
}

function summary(model: PageModel, language: PageLanguage): string {
  const t = texts[language];
  return `<p class="muted">${escapeHtml(model.pointOfSale)} · ${t.paymentOrder} <span id="payment-order-id">${model.paymentOrderId}</span></p>
<p class="amount" id="amount">${escapeHtml(model.amount)}</p>
<p class="muted">${t.status}: <strong id="status">${escapeHtml(model.status)}</strong></p>`;
}

/** "Part payment · 12 months", the readable name of a choice. */
function choiceLabel(chosen: ChosenPaymentMethod, language: PageLanguage): string {
  const profile = profileLabel(chosen.profileName, language);
  return chosen.subProfileName ? `${profile} · ${profileLabel(chosen.subProfileName, language)}` : profile;
}

/** "BA_PartPayment / InstallmentAccount_12", the ids of a choice. */
function choiceIds(chosen: ChosenPaymentMethod): string {
  return chosen.subProfileName ? `${chosen.profileName} / ${chosen.subProfileName}` : chosen.profileName;
}

/** The chosen method: its name, with its ids beside it. */
function chosenText(chosen: ChosenPaymentMethod | undefined, language: PageLanguage): string {
  if (chosen === undefined) return `<strong id="chosen">${escapeHtml(texts[language].noneYet)}</strong>`;
  return `<strong id="chosen">${escapeHtml(choiceLabel(chosen, language))}</strong> <code id="chosen-id">${escapeHtml(choiceIds(chosen))}</code>`;
}

export interface PageOptions {
  readonly returnUrl?: string | undefined;
  readonly languageCode?: string | null | undefined;
  readonly error?: string;
}

/** The query and form fields that carry the shop's context from page to page. */
function carried(options: PageOptions, language: PageLanguage): string {
  return [
    options.returnUrl
      ? `<input type="hidden" name="returnUrl" value="${escapeHtml(options.returnUrl)}">`
      : '',
    `<input type="hidden" name="languageCode" value="${language}">`,
  ].join('');
}

export function choosePage(model: PageModel | undefined, options: PageOptions): string {
  const language = pageLanguage(options.languageCode);
  const t = texts[language];
  if (model === undefined) return layout(t.notFound, `<h1>${t.notFound}</h1>`, language);
  const choices = model.profiles.flatMap((profile) => {
    const subs = profile.subProfiles ?? [];
    const values: ChosenPaymentMethod[] =
      subs.length === 0
        ? [{ profileName: profile.profileName }]
        : subs.map((s) => ({ profileName: profile.profileName, subProfileName: s.subProfileName }));
    return values.map(
      (choice) =>
        `<label><input type="radio" name="choice" value="${escapeHtml(choiceIds(choice).replace(' / ', '/'))}" required> ${escapeHtml(choiceLabel(choice, language))} <code>${escapeHtml(choiceIds(choice))}</code></label>`,
    );
  });
  const open = model.status === 'Created';
  return layout(
    t.chooseTitle,
    `<div class="card">
<h1>${t.chooseTitle}</h1>
${summary(model, language)}
${options.error ? `<p class="error" id="error">${escapeHtml(options.error)}</p>` : ''}
<p class="muted">${t.chosen}: ${chosenText(model.chosen, language)}</p>
${
  open
    ? `<form method="post" action="${escapeHtml(model.basePath)}/choose">
${choices.join('\n')}
${carried(options, language)}
<div class="actions"><button class="primary" type="submit" id="choose">${t.continue}</button></div>
</form>`
    : `<p>${t.noLongerChoosing}</p>`
}
</div>`,
    language,
  );
}

export function checkoutPage(model: PageModel | undefined, options: PageOptions): string {
  const language = pageLanguage(options.languageCode);
  const t = texts[language];
  if (model === undefined) return layout(t.notFound, `<h1>${t.notFound}</h1>`, language);
  const hidden = carried(options, language);
  const waiting = model.status === 'Created';
  let action: string;
  if (waiting && model.chosen !== undefined) {
    action = `<p>${t.payWith} ${chosenText(model.chosen, language)}.</p>
<div class="actions">
<form method="post" action="${escapeHtml(model.basePath)}/checkout/approve">${hidden}<button class="primary" type="submit" id="approve">${t.approve}</button></form>
<form method="post" action="${escapeHtml(model.basePath)}/checkout/decline">${hidden}<button type="submit" id="decline">${t.decline}</button></form>
</div>`;
  } else if (waiting) {
    const query = new URLSearchParams({
      ...(options.returnUrl ? { returnUrl: options.returnUrl } : {}),
      languageCode: language,
    });
    action = `<p>${t.notChosen} <a id="choose-link" href="${escapeHtml(model.basePath)}/choose?${escapeHtml(query.toString())}">${t.chooseOne}</a>.</p>`;
  } else {
    action = `<p>${t.orderIs} <strong>${escapeHtml(model.status)}</strong>.</p>${
      options.returnUrl
        ? `<p><a id="return" href="${escapeHtml(options.returnUrl)}">${t.backTo} ${escapeHtml(model.pointOfSale)}</a></p>`
        : ''
    }`;
  }
  return layout(
    t.checkoutTitle,
    `<div class="card">
<h1>${t.checkoutTitle}</h1>
${summary(model, language)}
${options.error ? `<p class="error" id="error">${escapeHtml(options.error)}</p>` : ''}
${action}
</div>`,
    language,
  );
}
