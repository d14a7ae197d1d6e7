// The customer's pages speak the redirect's language (document 5.1: EN, SV, NO, DA),
// name payment methods in words beside their ids, and escape every value.
import { describe, expect, it } from 'vitest';
import { checkoutPage, choosePage, type PageModel, pageLanguage, profileLabel } from './pages.ts';

const model: PageModel = {
  paymentOrderId: 1000000001,
  status: 'Created',
  amount: '1000.00 SEK',
  pointOfSale: 'Shop <b>',
  profiles: [
    { profileName: 'BA_PartPayment', subProfiles: [{ subProfileName: 'InstallmentAccount_12' }] },
    { profileName: 'Custom_Profile' },
  ],
  chosen: { profileName: 'BA_PartPayment', subProfileName: 'InstallmentAccount_12' },
  basePath: '/_sandbox/pages/bnpl-payment-order/1/1000000001',
};

describe('pages', () => {
  it.each([
    ['EN', 'en', 'Checkout', 'Approve', 'Part payment · 12 months'],
    ['SV', 'sv', 'Kassa', 'Godkänn', 'Delbetalning · 12 månader'],
    ['NO', 'nb', 'Kasse', 'Godkjenn', 'Delbetaling · 12 måneder'],
    ['DA', 'da', 'Kasse', 'Godkend', 'Afbetaling · 12 måneder'],
  ])('should write the checkout in %s (lang=%s)', (code, lang, title, approve, chosen) => {
    const html = checkoutPage(model, { languageCode: code });

    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(`id="approve">${approve}</button>`);
    expect(html).toContain(`<strong id="chosen">${chosen}</strong>`);
    expect(html).toContain('<code id="chosen-id">BA_PartPayment / InstallmentAccount_12</code>');
  });

  it('should read an unknown or missing languageCode as English', () => {
    expect(pageLanguage('xx')).toBe('EN');
    expect(pageLanguage(undefined)).toBe('EN');
    expect(pageLanguage('sv')).toBe('SV');
  });

  it('should name the default profiles in words and show any other id as it is', () => {
    expect(profileLabel('BA_Invoice', 'SV')).toBe('Faktura');
    expect(profileLabel('InstallmentAccount_3', 'EN')).toBe('3 months');
    expect(profileLabel('Custom_Profile', 'DA')).toBe('Custom_Profile');
  });

  it('should carry the language and the way back on the choice form, and escape values', () => {
    const html = choosePage(
      { ...model, chosen: undefined },
      { languageCode: 'NO', returnUrl: 'https://shop.example/?a="1"' },
    );

    expect(html).toContain('<input type="hidden" name="languageCode" value="NO">');
    expect(html).toContain('value="https://shop.example/?a=&quot;1&quot;"');
    expect(html).toContain('Shop &lt;b&gt;');
    expect(html).toContain('Velg hvordan du vil betale');
    expect(html).toContain('value="BA_PartPayment/InstallmentAccount_12"');
  });
});
