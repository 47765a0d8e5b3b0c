// CMTrace log parser (both formats, streamed) and the explainer of known signatures.
export { CmtraceParser, cmtraceTime, type LogRecord, type LogSeverity } from './cmtrace';
export {
  type ExplainedLog,
  explainLogFile,
  type LogEntry,
  type LogFileSummary,
  MAX_ENTRIES_PER_FILE,
  MAX_MESSAGE_CHARS,
} from './explain';
export { detectEncoding, type LogEncoding, MAX_LINE_CHARS, type RawLine, readLines } from './line-reader';
export { LOG_RULES, type LogRule, matchRule, RULE_WINDOW_CHARS, ruleKey } from './rules';
