// The customer's pages of the bnpl-payment-order mock, as HTML strings: the
// payment-method choice and the checkout (approve or decline). Plain forms, no
// script, so any browser (or curl) can click through. Every value from a request is
// HTML-escaped here.
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

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const langOf: Record<string, string> = { SV: 'sv', NO: 'nb', DA: 'da', EN: 'en' };

function layout(title: string, body: string, languageCode = 'EN'): string {
  return `<!doctype html>
<html lang="${langOf[languageCode] ?? 'en'}">
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
  .error { color: #a40e26; }
  .banner { background: #fff4ce; padding: .5rem .75rem; border-radius: 8px; font-size: .85rem; margin-bottom: 1rem; }
</style>
</head>
<body>
<p class="banner">bnpl-kit mock · simulated customer step, no real payment</p>
${body}
</body>
</html>`;
}

function summary(model: PageModel): string {
  return `<p class="muted">${escapeHtml(model.pointOfSale)} · payment order <span id="payment-order-id">${model.paymentOrderId}</span></p>
<p class="amount" id="amount">${escapeHtml(model.amount)}</p>
<p class="muted">Status: <strong id="status">${escapeHtml(model.status)}</strong></p>`;
}

function chosenText(chosen: ChosenPaymentMethod | undefined): string {
  if (chosen === undefined) return 'none yet';
  return chosen.subProfileName ? `${chosen.profileName} / ${chosen.subProfileName}` : chosen.profileName;
}

export function choosePage(
  model: PageModel | undefined,
  options: { returnUrl?: string | undefined; error?: string },
): string {
  if (model === undefined) return layout('Not found', '<h1>Payment order not found</h1>');
  const choices = model.profiles.flatMap((profile) => {
    const subs = profile.subProfiles ?? [];
    const values =
      subs.length === 0
        ? [[profile.profileName, profile.profileName]]
        : subs.map((s) => [
            `${profile.profileName}/${s.subProfileName}`,
            `${profile.profileName} · ${s.subProfileName}`,
          ]);
    return values.map(
      ([value = '', label = '']) =>
        `<label><input type="radio" name="choice" value="${escapeHtml(value)}" required> ${escapeHtml(label)}</label>`,
    );
  });
  const open = model.status === 'Created';
  return layout(
    'Choose how to pay',
    `<div class="card">
<h1>Choose how to pay</h1>
${summary(model)}
${options.error ? `<p class="error" id="error">${escapeHtml(options.error)}</p>` : ''}
<p class="muted">Chosen: <strong id="chosen">${escapeHtml(chosenText(model.chosen))}</strong></p>
${
  open
    ? `<form method="post" action="${escapeHtml(model.basePath)}/choose">
${choices.join('\n')}
${options.returnUrl ? `<input type="hidden" name="returnUrl" value="${escapeHtml(options.returnUrl)}">` : ''}
<div class="actions"><button class="primary" type="submit" id="choose">Continue</button></div>
</form>`
    : '<p>This order no longer awaits a choice.</p>'
}
</div>`,
  );
}

export function checkoutPage(
  model: PageModel | undefined,
  options: { returnUrl?: string | undefined; languageCode?: string; error?: string },
): string {
  if (model === undefined) return layout('Not found', '<h1>Payment order not found</h1>');
  const hidden = options.returnUrl
    ? `<input type="hidden" name="returnUrl" value="${escapeHtml(options.returnUrl)}">`
    : '';
  const waiting = model.status === 'Created';
  let action: string;
  if (waiting && model.chosen !== undefined) {
    action = `<p>Pay with <strong id="chosen">${escapeHtml(chosenText(model.chosen))}</strong>.</p>
<div class="actions">
<form method="post" action="${escapeHtml(model.basePath)}/checkout/approve">${hidden}<button class="primary" type="submit" id="approve">Approve</button></form>
<form method="post" action="${escapeHtml(model.basePath)}/checkout/decline">${hidden}<button type="submit" id="decline">Decline</button></form>
</div>`;
  } else if (waiting) {
    action = `<p>No payment method is chosen yet. <a id="choose-link" href="${escapeHtml(model.basePath)}/choose${
      options.returnUrl ? `?returnUrl=${encodeURIComponent(options.returnUrl)}` : ''
    }">Choose one</a>.</p>`;
  } else {
    action = `<p>This order is <strong>${escapeHtml(model.status)}</strong>.</p>${
      options.returnUrl
        ? `<p><a id="return" href="${escapeHtml(options.returnUrl)}">Back to ${escapeHtml(model.pointOfSale)}</a></p>`
        : ''
    }`;
  }
  return layout(
    'Checkout',
    `<div class="card">
<h1>Checkout</h1>
${summary(model)}
${options.error ? `<p class="error" id="error">${escapeHtml(options.error)}</p>` : ''}
${action}
</div>`,
    options.languageCode,
  );
}
