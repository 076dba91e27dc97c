/**
 * What a rule is: metadata plus `create`, which returns listeners called as the
 * conversation unfolds (ESLint's model). Each conversation gets fresh listeners,
 * so a rule keeps its state in its own closure and never shares it; rules never
 * read each other's findings, only the analysed turns.
 */
import type { z } from 'zod';
import type { Hit } from '../lexicon/matcher.js';
import type { Category } from '../lexicon/schema.js';
import type { MessageData } from './message-template.js';
import type { Channel, ConversationEvent, Speaker } from '../transcript/schema.js';

export type Severity = 'error' | 'warning' | 'info';

export interface RegulationSource {
  /** seed file under shared/seeds, or "contract" */
  seed: string;
  clause: string;
}

export interface RuleMeta<Options> {
  id: string;
  severity: Severity;
  /** a red-line finding fails the whole review (一票否决) */
  redLine: boolean;
  /** points deducted per finding */
  deduct: number;
  /** one line, Chinese, shown by `talklint rules` */
  description: string;
  source: RegulationSource[];
  /** findings depend on one turn alone (no state between turns): a live preview of a partial turn may run it */
  turnLocal?: boolean;
  /** options with their defaults; a pack may override them */
  options: z.ZodType<Options>;
  /** old option names still read, each with the name that replaced it (a pack using one gets a warning once) */
  optionAliases?: Readonly<Record<string, string>>;
  /** message templates by id (`{{text}}` placeholders, see message-template.ts); findings name one */
  messages: Readonly<Record<string, string>>;
  /** the lexicon categories the rule reads: a pack whose lexicon lacks one does not load */
  categories: readonly Category[];
  /** the declarative kind the rule is an instance of; undefined for rules written in TypeScript */
  kind?: string;
  /** something the agent must still say, shown in the live sidebar until it is said */
  reminder?: Reminder;
}

/** A reminder: due until an agent turn has a hit of one of its categories (in the last `lastTurns` agent turns, when set). */
export interface Reminder {
  /** stable id in the stream protocol: the category when there is one, else the rule id */
  id: string;
  categories: readonly Category[];
  lastTurns?: number;
  /** said at the opening (listed first) */
  opening?: boolean;
  /** what to say, in Chinese, for a page that does not know the id */
  label: string;
}

/** One turn after normalisation and lexicon matching; read-only for rules. */
export interface AnalysedTurn {
  index: number;
  speaker: Speaker;
  text: string;
  start?: number;
  end?: number;
  /** the normalised text (folded, without whitespace and punctuation) */
  normalized: string;
  hits: readonly Hit[];
  has(category: Category): boolean;
  hitsOf(category: Category): Hit[];
  /** original span of the normalised range [from, to) */
  span(from: number, to: number): { start: number; end: number; text: string };
  /** characters between two hits when no clause punctuation separates them, else undefined */
  clauseGap(a: Hit, b: Hit): number | undefined;
}

export interface FindingDraft {
  turn: number;
  /** the reported span; omitted for findings about a missing phrase or timing */
  span?: { start: number; end: number; text: string };
  /** a key of the rule's `meta.messages` */
  messageId: string;
  /** values for the template's placeholders (`text` defaults to the span's text) */
  data?: MessageData;
  suggestion?: string;
  /** what fired: the lexicon entry id, or the rule part (`gap`, `hold-event` …); defaults to the rule id */
  entry?: string;
  /** identifies the finding for a later `retract`; defaults to turn and span */
  key?: string;
  /** may still be withdrawn before the conversation ends */
  provisional?: boolean;
}

export interface RuleContext<Options> {
  channel: Channel;
  options: Options;
  report(finding: FindingDraft): void;
  retract(key: string): void;
}

export interface RuleListeners {
  turn?(turn: AnalysedTurn): void;
  event?(event: ConversationEvent): void;
  end?(): void;
}

export interface Rule<Options = unknown> {
  meta: RuleMeta<Options>;
  create(context: RuleContext<Options>): RuleListeners;
}

export function defineRule<Options>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

export function isAgent(turn: AnalysedTurn): boolean {
  return turn.speaker === 'agent';
}

export function hasTiming(turn: AnalysedTurn): turn is AnalysedTurn & { start: number; end: number } {
  return turn.start !== undefined && turn.end !== undefined;
}
