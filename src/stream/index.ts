/** The streaming analyzer's entry point (also used by bench/run.ts): a conversation analysed as it happens, on the batch pipeline. */
export { LiveConversation, type LiveFinding, type LiveSnapshot, type LiveUpdate } from './live-conversation.js';
export { previewFindings, type PartialTurn, type PreviewFinding } from './preview.js';
export { ReminderTracker, type Reminder } from './reminders.js';
export { RunningScore } from './running-score.js';
