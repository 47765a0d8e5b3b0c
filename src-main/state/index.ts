export { APP_LOG_FILE, type RotatingLogOptions, rotatingLogSink } from './app-log';
export { forgetEverything, type ForgetSummary, type ForgettableSecrets } from './forget';
export { APP_DIR_NAME, resolveHome } from './home';
export { Journal, JOURNAL_FILE, type JournalEntry, type JournalRecord } from './journal';
export { defaultState, STATE_VERSION, type WizardState, WizardStateSchema } from './schema';
export { type OpenedState, STATE_FILE, StateStore } from './state-store';
