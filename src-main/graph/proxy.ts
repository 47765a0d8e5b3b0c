import { type Dispatcher, EnvHttpProxyAgent } from 'undici';

/** Loopback never goes through a proxy: the rehearsal emulator and the local web host live there. */
export const LOOPBACK_NO_PROXY = ['localhost', '127.0.0.1', '[::1]', '::1'];

export interface ProxySettings {
  readonly httpsProxy?: string;
  readonly httpProxy?: string;
  /** Comma-separated hosts (NO_PROXY syntax: `.contoso.com`, `host:port`, `*`). */
  readonly noProxy?: string;
}

/** Reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case), as curl and most tools do. */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const pick = (name: string): string | undefined => {
    const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
    return value && value.trim() !== '' ? value.trim() : undefined;
  };
  const httpsProxy = pick('https_proxy');
  const httpProxy = pick('http_proxy');
  const noProxy = pick('no_proxy');
  return {
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(httpProxy ? { httpProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
}

/**
 * A dispatcher that sends requests through the given proxy (CONNECT tunnel, also for http://
 * targets), except for NO_PROXY hosts and loopback; null when no proxy is configured.
 * The desktop shell passes the system proxy it resolved; otherwise the environment decides.
 */
export function createProxyDispatcher(settings: ProxySettings = proxySettingsFromEnv()): Dispatcher | null {
  const httpsProxy = settings.httpsProxy ?? settings.httpProxy;
  const httpProxy = settings.httpProxy ?? settings.httpsProxy;
  if (!httpsProxy || !httpProxy) return null;
  const noProxy = [...(settings.noProxy ? [settings.noProxy] : []), ...LOOPBACK_NO_PROXY].join(',');
  return new EnvHttpProxyAgent({ httpsProxy, httpProxy, noProxy });
}
