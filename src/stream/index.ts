/** The streaming analyzer: one live conversation at a time, on the batch pipeline. */
export { LiveConversation, type LiveFinding, type LiveSnapshot, type LiveUpdate } from './live-conversation.js';
export { PREVIEW_RULE_IDS, previewFindings, type PartialTurn, type PreviewFinding } from './preview.js';
export { REMINDERS, ReminderTracker, type Reminder } from './reminders.js';
export { RunningScore } from './running-score.js';
