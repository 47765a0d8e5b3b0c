import type { ErrorCode } from '../../shared';

/** The serialisable error envelope: a code, a key and its localized text. Nothing else crosses. */
export interface RpcErrorDto {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly message: string;
}
