/** talklint as a library: `check` a transcript object, or drive a `ConversationAnalyzer` turn by turn. */
export { check, timeline, type CheckOptions } from './engine/check.js';
export { ConversationAnalyzer, type AnalyzerChange } from './engine/analyzer.js';
export { loadPack, builtinRules, packByName, DEFAULT_PACK, type Pack, type EffectiveRule } from './pack/load.js';
export type { Rule, RuleMeta, Severity, AnalysedTurn } from './rules/types.js';
export type { Report, Finding, Grade } from './report/types.js';
export type { Transcript, TranscriptInput, Turn, ConversationEvent, Channel, Speaker } from './transcript/schema.js';
export { TranscriptSchema } from './transcript/schema.js';
export { TalklintInputError, type InputProblem } from './transcript/input-error.js';
export { formatMessage } from './rules/message-template.js';
export { LiveConversation, type LiveUpdate, type LiveSnapshot } from './stream/index.js';
