// Plain TypeScript shared by every layer (main, CLI, web host, renderer types): no `node:` or `electron`.
export type * from './certs-dto';
export { AppError, type ErrorCode, isAppError, type MessageParams } from './errors';
export {
  CATALOGUES_BY_FOLDER,
  isLocale,
  type Locale,
  localeFrom,
  LOCALES,
  SERVICE_CATALOGUES,
  translate,
} from './locale';
export { createRedactingLogger, type Logger, redact, REDACTED, redactText, silentLogger } from './redact';
export * from './stages';
