import type { Locator, Page } from '@playwright/test';

import { type Locale, text } from '../catalogues';

/** The "Server certificate" stage, found by the labels and roles a person uses. */
export class CertificatePage {
  readonly page: Page;
  readonly locale: Locale;
  readonly root: Locator;
  readonly cn: Locator;
  readonly sans: Locator;
  readonly org: Locator;
  readonly country: Locator;
  readonly cnError: Locator;
  readonly countryError: Locator;
  readonly cnHelper: Locator;
  readonly preview: Locator;
  readonly csrResult: Locator;
  readonly answerFile: Locator;
  readonly answerChain: Locator;
  readonly pfxPath: Locator;
  readonly exportButton: Locator;
  readonly passwordReveal: Locator;
  readonly revealedPassword: Locator;
  readonly preflight: Locator;
  readonly verdict: Locator;
  readonly error: Locator;
  /** The stage frame: its `data-page` is the open sub-page; the heading gets the focus after each step. */
  readonly frame: Locator;
  readonly heading: Locator;

  constructor(page: Page, locale: Locale) {
    this.page = page;
    this.locale = locale;
    this.root = page.getByTestId('certificate-workshop');
    this.cn = page.getByLabel(this.t('cert.form.cn'), { exact: true });
    this.sans = page.getByLabel(this.t('cert.form.sans'), { exact: true });
    this.org = page.getByLabel(this.t('cert.form.org'), { exact: true });
    this.country = page.getByLabel(this.t('cert.form.country'), { exact: true });
    this.cnError = page.getByTestId('error-cn');
    this.countryError = page.getByTestId('field-country-error');
    this.cnHelper = page.getByTestId('cn-helper');
    this.preview = page.getByTestId('request-preview');
    this.csrResult = page.getByTestId('csr-result');
    this.answerFile = page.getByTestId('answer-file');
    this.answerChain = page.getByTestId('answer-chain');
    this.pfxPath = page.getByLabel(this.t('cert.export.path'), { exact: true });
    this.exportButton = page.getByRole('button', { name: this.t('cert.export.button') });
    this.passwordReveal = page.getByTestId('password-reveal');
    this.revealedPassword = page.getByTestId('revealed-password');
    this.preflight = page.getByTestId('preflight');
    this.verdict = page.getByTestId('preflight-verdict');
    this.error = page.getByTestId('workshop-error');
    this.frame = page.getByTestId('stage-frame');
    this.heading = page.getByTestId('page-heading');
  }

  t(key: string, params?: Readonly<Record<string, string | number>>): string {
    return text(this.locale, key, params);
  }

  route(route: 'request' | 'inf' | 'pfx'): Locator {
    const title = { request: 'cert.route.request', inf: 'cert.route.inf', pfx: 'cert.route.pfx' }[route];
    return this.page.getByRole('radio', { name: new RegExp(`^${escape(this.t(title))}`) });
  }

  button(key: string): Locator {
    return this.page.getByRole('button', { name: this.t(key), exact: true });
  }

  /** A sub-page in the frame's side list, by its catalogue name. */
  subPage(id: string): Locator {
    return this.frame.getByRole('navigation').getByTestId(`frame-page-${id}`);
  }

  check(id: string): Locator {
    return this.page.getByTestId(`check-${id}`);
  }
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
