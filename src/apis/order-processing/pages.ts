// The SCA widget of the Order Processing mock as HTML strings, shaped like the
// real widget (research §4.4): the identity page at …/{brand}/identity asks for
// the one-time code (or "That's not my number"), and the result page POSTs the
// form field `payload` to redirect_uri by auto-submitting a form, with a visible
// button for browsers without script. Every value is HTML-escaped here.
import { type Money, toMajor } from '../../../lib/money.ts';
import { escapeHtml } from '../../core/html.ts';
import type { ScaStatus } from './records.ts';
import { widgetPath } from './sca.ts';

/** The one-time code the mock's widget accepts; any other code fails SCA. */
export const testOneTimeCode = '123456';

/** What the customer did on the identity page. */
export type WidgetOutcome = 'authenticated' | 'failed' | 'notMyNumber';

/** The form fields the identity page posts back to the widget path. */
export interface IdentityForm {
  readonly action?: string | undefined;
  readonly code?: string | undefined;
}

/** The test code authenticates; "That's not my number" and any other code fail. */
export function widgetOutcome(form: IdentityForm): WidgetOutcome {
  if (form.action === 'not-my-number') return 'notMyNumber';
  return form.code?.trim() === testOneTimeCode ? 'authenticated' : 'failed';
}

export interface WidgetPayload {
  readonly scaToken: string;
  readonly success: boolean;
  readonly status: 'authenticated' | 'failed' | 'notMyNumber';
  readonly message: string;
}

/**
 * The `payload` the widget posts to redirect_uri. Success is the published shape;
 * the failures are ours (OP-D-43; the public page does not show them): `failed` for a
 * wrong code or a token that can no longer be authenticated, `notMyNumber` for the button.
 */
export function widgetPayload(scaToken: string, outcome: WidgetOutcome, message?: string): WidgetPayload {
  switch (outcome) {
    case 'authenticated':
      return { scaToken, success: true, status: 'authenticated', message: 'User successfully authenticated' };
    case 'failed':
      return {
        scaToken,
        success: false,
        status: 'failed',
        message: message ?? 'User failed authentication: the one-time code was not correct',
      };
    case 'notMyNumber':
      return {
        scaToken,
        success: false,
        status: 'notMyNumber',
        message: message ?? 'User did not recognise the mobile number',
      };
  }
}

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** "£1,234.50" */
export function displayAmount(amount: Money): string {
  return pounds.format(toMajor(amount));
}

/** Only an http(s) URL may receive the payload: a `javascript:` action would run in the mock's origin. */
export function isPostableUrl(url: string | undefined): url is string {
  if (url === undefined) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function layout(title: string, brand: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · bnpl-kit mock</title>
<link rel="icon" href="/favicon.ico">
<style>
  body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1f; }
  .card { border: 1px solid #d0d0d7; border-radius: 12px; padding: 1.25rem 1.5rem; }
  .brand { text-transform: uppercase; letter-spacing: .08em; font-weight: 700; color: #5b5b66; font-size: .85rem; }
  .amount { font-size: 2rem; font-weight: 700; margin: .25rem 0 1rem; }
  .muted { color: #5b5b66; font-size: .9rem; }
  .actions { display: flex; gap: .75rem; margin-top: 1.25rem; flex-wrap: wrap; }
  input[type=text] { font: inherit; font-size: 1.4rem; letter-spacing: .3em; padding: .4rem .6rem; width: 9ch; border: 1px solid #1b1b1f; border-radius: 8px; }
  button { font: inherit; padding: .6rem 1.2rem; border-radius: 8px; border: 1px solid #1b1b1f; background: #fff; cursor: pointer; }
  button.primary { background: #1b1b1f; color: #fff; }
  .error { color: #a40e26; }
  .banner { background: #fff4ce; padding: .5rem .75rem; border-radius: 8px; font-size: .85rem; margin-bottom: 1rem; }
  pre { white-space: pre-wrap; word-break: break-all; background: #f4f4f6; padding: .5rem; border-radius: 8px; font-size: .8rem; }
</style>
</head>
<body>
<p class="banner">bnpl-kit mock · simulated strong customer authentication, no real SMS</p>
<p class="brand" id="brand">${escapeHtml(brand)}</p>
${body}
${script}
</body>
</html>`;
}

export interface IdentityPageModel {
  readonly brand: string;
  readonly scaToken: string;
  readonly redirectUri: string | undefined;
  /** The token as the mock knows it; undefined when Initiate never issued it. */
  readonly token: { readonly amount: Money; readonly status: ScaStatus } | undefined;
  /** Shown above the form (e.g. after a code that was not six digits). */
  readonly error?: string | undefined;
}

/** GET …/{brand}/identity?scaToken=…&redirect_uri=…: the one-time code step. */
export function identityPage(model: IdentityPageModel): string {
  const { token } = model;
  if (token === undefined) {
    return layout(
      'Verify it’s you',
      model.brand,
      `<div class="card"><h1>Link not valid</h1><p id="outcome">This authentication link is not valid. Ask the shop to start again.</p></div>`,
    );
  }
  const amount = `<p class="muted">Confirm your purchase of</p>
<p class="amount" id="amount">${escapeHtml(displayAmount(token.amount))}</p>`;
  if (token.status !== 'pending') {
    return layout(
      'Verify it’s you',
      model.brand,
      `<div class="card"><h1>Verify it’s you</h1>${amount}
<p id="outcome">This authentication request is no longer open (<span id="status">${escapeHtml(token.status)}</span>).</p></div>`,
    );
  }
  const hidden = [
    `<input type="hidden" name="scaToken" value="${escapeHtml(model.scaToken)}">`,
    model.redirectUri === undefined
      ? ''
      : `<input type="hidden" name="redirect_uri" value="${escapeHtml(model.redirectUri)}">`,
  ].join('');
  return layout(
    'Verify it’s you',
    model.brand,
    `<div class="card">
<h1>Verify it’s you</h1>
${amount}
<p>We have sent a one-time code to your mobile number ending <strong>••89</strong>.</p>
${model.error ? `<p class="error" id="error">${escapeHtml(model.error)}</p>` : ''}
<form method="post" action="${escapeHtml(widgetPath(model.brand))}" id="identity">
${hidden}
<label for="code">One-time code</label><br>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
<p class="muted">Test code: <code>${testOneTimeCode}</code>; any other code fails.</p>
<div class="actions">
<button class="primary" type="submit" name="action" value="verify" id="verify">Verify</button>
<button type="submit" name="action" value="not-my-number" id="not-my-number" formnovalidate>That’s not my number</button>
</div>
</form>
</div>`,
  );
}

export interface ResultPageModel {
  readonly brand: string;
  readonly payload: WidgetPayload;
  readonly redirectUri: string | undefined;
}

/**
 * After the code step: with an http(s) redirect_uri, a form that posts `payload`
 * there and submits itself; without one (or with another scheme), the outcome.
 */
export function resultPage(model: ResultPageModel): string {
  const { payload } = model;
  const json = JSON.stringify(payload);
  const heading = payload.success ? 'You’re verified' : 'Verification failed';
  const outcome = `<h1>${heading}</h1><p id="outcome">${escapeHtml(payload.message)}</p>`;
  if (!isPostableUrl(model.redirectUri)) {
    return layout(
      heading,
      model.brand,
      `<div class="card">${outcome}
<p class="muted">No redirect_uri was given, so the widget shows the payload it would post:</p>
<pre id="payload">${escapeHtml(json)}</pre></div>`,
    );
  }
  return layout(
    heading,
    model.brand,
    `<div class="card">${outcome}
<form method="post" action="${escapeHtml(model.redirectUri)}" id="sca-result">
<input type="hidden" name="payload" value="${escapeHtml(json)}">
<div class="actions"><button class="primary" type="submit" id="continue">Continue</button></div>
</form></div>`,
    `<script>document.getElementById('sca-result').submit();</script>`,
  );
}
