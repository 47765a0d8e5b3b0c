export { APP_DIR_NAME, resolveHome } from './home';
export {
  Journal,
  JOURNAL_FILE,
  JOURNAL_OUTCOMES,
  type JournalEntry,
  type JournalOutcome,
  type JournalRecord,
} from './journal';
export {
  type CertificateState,
  CertificateStateSchema,
  defaultState,
  type RequestFields,
  RequestFieldsSchema,
  STATE_VERSION,
  type WizardState,
  WizardStateSchema,
} from './schema';
export { type OpenedState, STATE_FILE, StateStore } from './state-store';
