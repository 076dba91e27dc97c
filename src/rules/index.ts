/**
 * The built-in rules written in TypeScript, sorted by id: those whose logic no
 * declarative kind expresses. The others are data (lexicons/general/rules.yaml).
 * Adding one: a module here, a test table in test/rules/, then `npm run docs`.
 */
import addressInformal from './address-informal.js';
import closingNoFurtherHelp from './closing-no-further-help.js';
import deferNoDeadline from './defer-no-deadline.js';
import greetingLate from './greeting-late.js';
import hangupAgentFirst from './hangup-agent-first.js';
import holdNoRequest from './hold-no-request.js';
import holdNoThanks from './hold-no-thanks.js';
import privacySensitiveRequest from './privacy-sensitive-request.js';
import type { Rule } from './types.js';

export const CODE_RULES: readonly Rule<any>[] = [
  addressInformal,
  closingNoFurtherHelp,
  deferNoDeadline,
  greetingLate,
  hangupAgentFirst,
  holdNoRequest,
  holdNoThanks,
  privacySensitiveRequest,
];

export const CODE_RULES_BY_ID: ReadonlyMap<string, Rule<any>> = new Map(CODE_RULES.map((r) => [r.meta.id, r]));
