// Sign-in as the header and its dialog see it: who is signed in, a sign-in in progress (with
// the device code when that flow is used), and the last failure, localized by the host.
import type { DeviceCodeDto, IdentityStatusDto, RpcApi, SignInRequestDto } from '../../src-main/ipc/contract';

export type SignInMethod = 'browser' | 'device-code';

/** Sign-in is for the organisation's tenant only: simulation mode needs none. */
export interface SignInForm {
  tenantId: string;
  clientId: string;
  method: SignInMethod;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DOMAIN = /^(?=.{4,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

/** Field problems the form shows before asking the host (the host checks again). */
export function signInFormProblems(form: SignInForm): { tenantId?: 'invalid'; clientId?: 'invalid' } {
  const tenant = form.tenantId.trim();
  const client = form.clientId.trim();
  return {
    ...(GUID.test(tenant) || DOMAIN.test(tenant) ? {} : { tenantId: 'invalid' as const }),
    ...(GUID.test(client) ? {} : { clientId: 'invalid' as const }),
  };
}

export function toSignInRequest(form: SignInForm): SignInRequestDto {
  return { method: form.method, tenantId: form.tenantId.trim(), clientId: form.clientId.trim() };
}

export class IdentityState {
  status: IdentityStatusDto | null = $state(null);
  /** True while identity:sign-in waits for the browser or the device code. */
  signingIn = $state(false);
  deviceCode: DeviceCodeDto | null = $state(null);
  error: string | null = $state(null);
  form: SignInForm = $state({ tenantId: '', clientId: '', method: 'browser' });

  readonly #api: RpcApi;
  readonly #describe: (error: unknown) => string;
  readonly #onChange: () => Promise<void>;

  constructor(api: RpcApi, describe: (error: unknown) => string, onChange: () => Promise<void>) {
    this.#api = api;
    this.#describe = describe;
    this.#onChange = onChange;
  }

  async load(): Promise<void> {
    try {
      this.status = await this.#api.invoke('identity:status');
    } catch (error) {
      this.error = this.#describe(error);
    }
  }

  listen(): () => void {
    return this.#api.on('identity:device-code', (code) => {
      if (this.signingIn) this.deviceCode = code;
    });
  }

  async signIn(): Promise<boolean> {
    if (this.signingIn) return false;
    this.signingIn = true;
    this.deviceCode = null;
    this.error = null;
    try {
      this.status = await this.#api.invoke('identity:sign-in', toSignInRequest(this.form));
      await this.#onChange();
      return this.status.signedIn;
    } catch (error) {
      this.error = this.#describe(error);
      return false;
    } finally {
      this.signingIn = false;
      this.deviceCode = null;
    }
  }

  async cancel(): Promise<void> {
    try {
      await this.#api.invoke('identity:cancel-sign-in');
    } catch (error) {
      this.error = this.#describe(error);
    }
  }

  async signOut(): Promise<void> {
    this.error = null;
    try {
      this.status = await this.#api.invoke('identity:sign-out');
      await this.#onChange();
    } catch (error) {
      this.error = this.#describe(error);
    }
  }
}
