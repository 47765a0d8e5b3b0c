import {
  AuthError,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { type Dispatcher, EnvHttpProxyAgent, fetch } from 'undici';

/**
 * MSAL's HTTP layer on undici, so that sign-in goes through the organisation's proxy like the
 * Graph/ARM calls do: MSAL's built-in client uses Node's global fetch, which ignores HTTPS_PROXY.
 * With HTTPS_PROXY or HTTP_PROXY set, requests go through undici's `EnvHttpProxyAgent`
 * (NO_PROXY respected); otherwise directly. TLS trusts the system CAs plus NODE_EXTRA_CA_CERTS.
 */
export class ProxyAwareNetworkClient implements INetworkModule {
  readonly #dispatcher: Dispatcher | undefined;

  constructor(dispatcher?: Dispatcher, env: Readonly<Record<string, string | undefined>> = process.env) {
    const proxied = Boolean(
      env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['HTTP_PROXY'] ?? env['http_proxy'],
    );
    this.#dispatcher = dispatcher ?? (proxied ? new EnvHttpProxyAgent() : undefined);
  }

  get proxied(): boolean {
    return this.#dispatcher !== undefined;
  }

  sendGetRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    return this.#send<T>(url, 'GET', options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.#send<T>(url, 'POST', options);
  }

  async #send<T>(
    url: string,
    method: 'GET' | 'POST',
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    let response;
    try {
      response = await fetch(url, {
        method,
        headers: options?.headers ?? {},
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        ...(timeout ? { signal: AbortSignal.timeout(timeout) } : {}),
        ...(this.#dispatcher ? { dispatcher: this.#dispatcher } : {}),
      });
    } catch (error) {
      // Same code as MSAL's own client: `network_error` (mapped to identity.error.unreachable).
      const detail =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
      throw new AuthError('network_error', `Network request failed: ${detail}`);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    try {
      return { headers, body: (await response.json()) as T, status: response.status };
    } catch {
      throw new AuthError('token_parsing_error', 'Failed to parse response');
    }
  }
}
