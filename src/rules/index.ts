/** The built-in rules, sorted by id. Adding a rule: one module here, a test table in test/rules/, a line in docs/rules.md. */
import addressInformal from './address-informal.js';
import bannedConfront from './banned-confront.js';
import bannedImpatient from './banned-impatient.js';
import bannedShirk from './banned-shirk.js';
import bannedVulgar from './banned-vulgar.js';
import closingMissing from './closing-missing.js';
import closingNoFurtherHelp from './closing-no-further-help.js';
import complaintNoApology from './complaint-no-apology.js';
import deferNoDeadline from './defer-no-deadline.js';
import discouragedNegative from './discouraged-negative.js';
import greetingLate from './greeting-late.js';
import greetingMissing from './greeting-missing.js';
import hangupAgentFirst from './hangup-agent-first.js';
import holdNoRequest from './hold-no-request.js';
import holdNoThanks from './hold-no-thanks.js';
import interrupt from './interrupt.js';
import introMissing from './intro-missing.js';
import privacySensitiveRequest from './privacy-sensitive-request.js';
import responseSlow from './response-slow.js';
import speechFast from './speech-fast.js';
import type { Rule } from './types.js';

export const BUILTIN_RULES: readonly Rule<any>[] = [
  addressInformal,
  bannedConfront,
  bannedImpatient,
  bannedShirk,
  bannedVulgar,
  closingMissing,
  closingNoFurtherHelp,
  complaintNoApology,
  deferNoDeadline,
  discouragedNegative,
  greetingLate,
  greetingMissing,
  hangupAgentFirst,
  holdNoRequest,
  holdNoThanks,
  interrupt,
  introMissing,
  privacySensitiveRequest,
  responseSlow,
  speechFast,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule<any>> = new Map(BUILTIN_RULES.map((r) => [r.meta.id, r]));
