import type { RpcErrorDto } from '../../src-main/ipc/contract';

/** A refused RPC call: the service's error code, its message key and the localized text. */
export class RpcError extends Error {
  readonly code: RpcErrorDto['code'];
  readonly messageKey: string;

  constructor(dto: RpcErrorDto) {
    super(dto.message);
    this.name = 'RpcError';
    this.code = dto.code;
    this.messageKey = dto.messageKey;
  }
}
