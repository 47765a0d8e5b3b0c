import type { Event } from 'electron';
import { describe, expect, it, vi } from 'vitest';

import {
  CONTENT_SECURITY_POLICY,
  hardenSession,
  installWebContentsRestrictions,
  isAllowedExternalUrl,
  isOwnRendererUrl,
  restrictWebContents,
  type SessionPort,
} from '/@/src-main/app/security-restrictions';

import { FakeApp, fakeSession, FakeWebContents, recordingLogger, RENDERER_URL } from './fakes';

function navigationEvent(): Event & { preventDefault: ReturnType<typeof vi.fn> } {
  return { preventDefault: vi.fn() } as unknown as Event & { preventDefault: ReturnType<typeof vi.fn> };
}

function restricted(): {
  contents: FakeWebContents;
  openExternal: ReturnType<typeof vi.fn>;
  logger: ReturnType<typeof recordingLogger>;
} {
  const contents = new FakeWebContents();
  const openExternal = vi.fn(async () => undefined);
  const logger = recordingLogger();
  restrictWebContents(contents as never, { rendererUrl: RENDERER_URL, shell: { openExternal }, logger });
  return { contents, openExternal, logger };
}

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://learn.microsoft.com/fr-fr/intune/configmgr/comanage/tutorial-co-manage-new-devices',
    'https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps',
    'https://entra.microsoft.com/',
    'https://intune.microsoft.com/#home',
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x',
    'https://microsoft.com/devicelogin',
    'https://www.microsoft.com/devicelogin',
    'https://microsoft.com/DeviceLogin',
  ])('should allow %s when it is an allow-listed https page', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['http://learn.microsoft.com/', 'plain http'],
    ['https://learn.microsoft.com.evil.example/', 'a look-alike host'],
    ['https://evil.example/?https://portal.azure.com', 'an allowed origin in the query'],
    ['https://portal.azure.com@evil.example/', 'userinfo hiding the real host'],
    ['https://user:pw@portal.azure.com/', 'credentials in the URL'],
    ['https://portal.azure.com:8443/', 'a non-default port'],
    ['https://microsoft.com/', 'the shared origin outside devicelogin'],
    ['https://microsoft.com/deviceloginx', 'a path that only starts like devicelogin'],
    ['https://xn--ortal-azure-9cb.com/', 'a punycode look-alike'],
    ['javascript:alert(1)', 'a javascript: URL'],
    ['file:///etc/passwd', 'a file: URL'],
    ['data:text/html,<script>1</script>', 'a data: URL'],
    ['', 'an empty string'],
    ['not a url', 'garbage'],
    [`https://learn.microsoft.com/${'a'.repeat(5000)}`, 'a huge URL'],
  ])('should refuse %s when it is %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('should refuse non-string input when called with hostile values', () => {
    for (const value of [undefined, null, 42, {}, ['https://portal.azure.com']]) {
      expect(isAllowedExternalUrl(value)).toBe(false);
    }
  });
});

describe('isOwnRendererUrl', () => {
  it('should accept our page when it carries a fragment or query', () => {
    expect(isOwnRendererUrl(`${RENDERER_URL}#/step/2`, RENDERER_URL)).toBe(true);
    expect(isOwnRendererUrl(`${RENDERER_URL}?lang=fr`, RENDERER_URL)).toBe(true);
  });

  it('should refuse other pages when they are files, sites or garbage', () => {
    for (const url of [
      'file:///opt/comanage/resources/app.asar/out/renderer/other.html',
      'file:///tmp/index.html',
      'file://evil-host/opt/comanage/resources/app.asar/out/renderer/index.html',
      'https://opt/comanage/resources/app.asar/out/renderer/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      '',
      42,
    ]) {
      expect(isOwnRendererUrl(url, RENDERER_URL), String(url)).toBe(false);
    }
  });
});

describe('restrictWebContents', () => {
  it('should let the page reload itself when it navigates to our own file URL', () => {
    const { contents } = restricted();
    const event = navigationEvent();
    contents.emit('will-navigate', event, `${RENDERER_URL}#/welcome`);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('should block navigation and open nothing when the target is a foreign site', () => {
    const { contents, openExternal, logger } = restricted();
    const event = navigationEvent();
    contents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(openExternal).not.toHaveBeenCalled();
    expect(logger.lines.join('\n')).toContain('blocked a navigation');
  });

  it('should block navigation but open the system browser when the target is allow-listed', () => {
    const { contents, openExternal } = restricted();
    const event = navigationEvent();
    contents.emit('will-navigate', event, 'https://portal.azure.com/');
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(openExternal).toHaveBeenCalledWith('https://portal.azure.com/');
  });

  it('should block a redirect when it leaves our page, even towards an allowed site', () => {
    const { contents, openExternal } = restricted();
    const event = navigationEvent();
    contents.emit('will-redirect', event, 'https://learn.microsoft.com/');
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('should deny window.open and open the URL externally when it is allow-listed', () => {
    const { contents, openExternal } = restricted();
    const answer = contents.windowOpenHandler?.({ url: 'https://intune.microsoft.com/' } as never);
    expect(answer).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://intune.microsoft.com/');
  });

  it('should deny window.open and open nothing when the URL is not allow-listed', () => {
    const { contents, openExternal, logger } = restricted();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', `${RENDERER_URL}`]) {
      expect(contents.windowOpenHandler?.({ url } as never)).toEqual({ action: 'deny' });
    }
    expect(openExternal).not.toHaveBeenCalled();
    expect(logger.lines.filter((line) => line.includes('refused to open'))).toHaveLength(3);
  });

  it('should log and carry on when the system browser cannot be started', async () => {
    const { contents, openExternal, logger } = restricted();
    openExternal.mockRejectedValueOnce(new Error('no browser'));
    contents.windowOpenHandler?.({ url: 'https://entra.microsoft.com/' } as never);
    await vi.waitFor(() => expect(logger.lines.join('\n')).toContain('system browser could not be opened'));
  });

  it('should prevent a webview from attaching when the page creates one', () => {
    const { contents } = restricted();
    const event = navigationEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('installWebContentsRestrictions', () => {
  it('should restrict every web contents when the app creates one', () => {
    const app = new FakeApp();
    const openExternal = vi.fn(async () => undefined);
    installWebContentsRestrictions(app as never, {
      rendererUrl: RENDERER_URL,
      shell: { openExternal },
      logger: recordingLogger(),
    });
    const first = new FakeWebContents();
    const second = new FakeWebContents();
    app.emit('web-contents-created', {}, first);
    app.emit('web-contents-created', {}, second);
    for (const contents of [first, second]) {
      expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
      expect(contents.listenerCount('will-navigate')).toBe(1);
      expect(contents.listenerCount('will-redirect')).toBe(1);
      expect(contents.listenerCount('will-attach-webview')).toBe(1);
    }
  });
});

describe('hardenSession', () => {
  it('should deny every permission request when any permission is asked for', () => {
    const session = fakeSession();
    hardenSession(session as unknown as SessionPort);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const callback = vi.fn();
      session.permissionRequestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
  });

  it('should answer false when a permission is checked', () => {
    const session = fakeSession();
    hardenSession(session as unknown as SessionPort);
    expect(session.permissionCheckHandler?.({}, 'clipboard-sanitized-write', 'file://', {})).toBe(false);
    expect(session.permissionCheckHandler?.(null, 'media', '', {})).toBe(false);
  });

  it('should allow clipboard writes from our own page only, and nothing else from it', () => {
    const own = 'file:///opt/app/resources/app.asar/out/renderer/index.html';
    const session = fakeSession();
    hardenSession(session as unknown as SessionPort, own);
    const check = (permission: string, requestingUrl: string): unknown =>
      session.permissionCheckHandler?.({}, permission, 'file://', { requestingUrl });
    expect(check('clipboard-sanitized-write', own)).toBe(true);
    expect(check('clipboard-sanitized-write', 'file:///tmp/evil.html')).toBe(false);
    expect(check('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(check('clipboard-read', own)).toBe(false);
    expect(check('media', own)).toBe(false);
    const granted = vi.fn();
    session.permissionRequestHandler?.({}, 'clipboard-sanitized-write', granted, { requestingUrl: own });
    expect(granted).toHaveBeenCalledWith(true);
    const refused = vi.fn();
    session.permissionRequestHandler?.({}, 'clipboard-read', refused, { requestingUrl: own });
    expect(refused).toHaveBeenCalledWith(false);
  });

  it('should set our CSP and drop any other policy when a response arrives', () => {
    const session = fakeSession();
    hardenSession(session as unknown as SessionPort);
    const callback = vi.fn();
    session.headersListener?.(
      {
        responseHeaders: {
          'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
          'X-Other': ['kept'],
        },
      },
      callback,
    );
    const headers = callback.mock.calls[0]?.[0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Other']).toEqual(['kept']);
  });

  it('should add the CSP when a response has no headers at all', () => {
    const session = fakeSession();
    hardenSession(session as unknown as SessionPort);
    const callback = vi.fn();
    session.headersListener?.({}, callback);
    expect(callback.mock.calls[0]?.[0].responseHeaders).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('should forbid eval, inline code, plugins and framing when parsed directive by directive', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('img-src')).toBe("'self' data:");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(eval|inline)|\*/);
  });
});
