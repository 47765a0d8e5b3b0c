import type { App, Session, Shell, WebContents } from 'electron';

import type { Logger } from '../shared';

/**
 * The renderer's policy, sent as a response header as well as the `<meta>` in index.html:
 * the header also covers `frame-ancestors`, which browsers ignore in a meta tag.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Sites the admin may be sent to, always in the system browser and only over https. */
export const EXTERNAL_ORIGINS: readonly string[] = [
  'https://learn.microsoft.com',
  'https://portal.azure.com',
  'https://entra.microsoft.com',
  'https://intune.microsoft.com',
  'https://login.microsoftonline.com',
];
/** The device-code sign-in page lives on a shared origin, so only that path is allowed there. */
const DEVICE_LOGIN_ORIGINS: readonly string[] = ['https://microsoft.com', 'https://www.microsoft.com'];
const DEVICE_LOGIN_PATHS: readonly string[] = ['/devicelogin', '/devicelogin/'];

export function isAllowedExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > 4096) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Credentials in a URL are a classic way to dress a foreign link up as a trusted one.
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  if (EXTERNAL_ORIGINS.includes(url.origin)) return true;
  return DEVICE_LOGIN_ORIGINS.includes(url.origin) && DEVICE_LOGIN_PATHS.includes(url.pathname.toLowerCase());
}

/** True when `raw` is our renderer page (query and fragment aside). */
export function isOwnRendererUrl(raw: unknown, rendererUrl: string): boolean {
  if (typeof raw !== 'string') return false;
  try {
    const url = new URL(raw);
    const own = new URL(rendererUrl);
    return (
      url.protocol === 'file:' &&
      own.protocol === 'file:' &&
      url.host === own.host &&
      url.pathname === own.pathname
    );
  } catch {
    return false;
  }
}

export type ShellPort = Pick<Shell, 'openExternal'>;

/** Opens an allow-listed https URL in the system browser; anything else is refused and logged. */
export function openExternalIfAllowed(shell: ShellPort, url: unknown, logger: Logger): boolean {
  if (!isAllowedExternalUrl(url)) {
    logger.warn('refused to open a link outside the allow-list', { url: String(url).slice(0, 200) });
    return false;
  }
  // Reviewed for electronegativity: the app's only openExternal call, reached only past the allow-list.
  const opening = shell.openExternal(url as string); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  opening.catch((error: unknown) => {
    logger.warn('the system browser could not be opened', {
      error: error instanceof Error ? error.message : String(error),
    });
  });
  return true;
}

export interface ContentsRestrictionOptions {
  readonly rendererUrl: string;
  readonly shell: ShellPort;
  readonly logger: Logger;
}

type ContentsPort = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Locks one web contents down: it may only show our renderer page, never opens windows
 * (allow-listed links go to the system browser instead) and never hosts a <webview>.
 */
export function restrictWebContents(contents: ContentsPort, options: ContentsRestrictionOptions): void {
  const { rendererUrl, shell, logger } = options;
  contents.on('will-navigate', (event, url) => {
    if (isOwnRendererUrl(url, rendererUrl)) return;
    event.preventDefault();
    // A plain link to an allowed site (without target=_blank) still reaches the browser.
    if (isAllowedExternalUrl(url)) openExternalIfAllowed(shell, url, logger);
    else logger.warn('blocked a navigation away from the assistant', { url: String(url).slice(0, 200) });
  });
  contents.on('will-redirect', (event, url) => {
    if (isOwnRendererUrl(url, rendererUrl)) return;
    event.preventDefault();
    logger.warn('blocked a redirect away from the assistant', { url: String(url).slice(0, 200) });
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(shell, url, logger);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('blocked a <webview>');
  });
}

export type AppEventsPort = Pick<App, 'on'>;

/** Applies `restrictWebContents` to every web contents the app ever creates (windows, devtools…). */
export function installWebContentsRestrictions(
  app: AppEventsPort,
  options: ContentsRestrictionOptions,
): void {
  app.on('web-contents-created', (_event, contents) => restrictWebContents(contents, options));
}

export type SessionPort = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  readonly webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/** The one permission the UI uses: writing text to the clipboard (the copy buttons); never reading. */
const CLIPBOARD_WRITE = 'clipboard-sanitized-write';

/**
 * The assistant needs no camera, notifications, clipboard-read, geolocation… so every permission
 * request and check is refused, except clipboard writes from our own page (copy buttons for the CSR,
 * the INF and a generated password). Every response gets our CSP, replacing any policy it carried.
 * (Chromium does not run webRequest for file:// loads; index.html's meta tag covers those.)
 */
export function hardenSession(session: SessionPort, rendererUrl?: string): void {
  const allowed = (permission: string, url: string): boolean =>
    permission === CLIPBOARD_WRITE && rendererUrl !== undefined && isOwnRendererUrl(url, rendererUrl);
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(allowed(permission, details?.requestingUrl ?? contents?.getURL?.() ?? '')),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowed(permission, details?.requestingUrl ?? requestingOrigin ?? ''),
  );
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders });
  });
}
