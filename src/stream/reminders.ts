/**
 * What the agent still has to say: a greeting, the further-help question and
 * a farewell. Kept from the analysed turns (constant state), for the agent
 * sidebar; each reminder exists only when its rule is enabled in the pack.
 */
import type { Pack } from '../pack/load.js';
import type { AnalysedTurn } from '../rules/types.js';

export const REMINDERS = ['greeting', 'further_help', 'farewell'] as const;
export type Reminder = (typeof REMINDERS)[number];

/** the rule each reminder heads off */
const RULE_OF: Record<Reminder, string> = {
  greeting: 'greeting.missing',
  further_help: 'closing.no_further_help',
  farewell: 'closing.missing',
};

const DEFAULT_CLOSING_TURNS = 2;

export class ReminderTracker {
  private readonly tracked: ReadonlySet<Reminder>;
  /** closing.missing looks for the farewell in the agent's last N turns */
  private readonly closingTurns: number;
  private greeted = false;
  private asked = false;
  private readonly recentFarewells: boolean[] = [];

  constructor(pack: Pack) {
    const enabled = new Map(pack.rules.map((r) => [r.rule.meta.id, r]));
    this.tracked = new Set(REMINDERS.filter((r) => enabled.has(RULE_OF[r])));
    const closingOptions = enabled.get(RULE_OF.farewell)?.options as { lastAgentTurns?: number } | undefined;
    this.closingTurns = closingOptions?.lastAgentTurns ?? DEFAULT_CLOSING_TURNS;
  }

  /** Takes one analysed turn; returns true when the list of due reminders changed. */
  observe(turn: AnalysedTurn): boolean {
    if (turn.speaker !== 'agent') return false;
    const before = this.due().join();
    this.greeted ||= turn.has('greeting');
    this.asked ||= turn.has('further_help');
    this.recentFarewells.push(turn.has('farewell'));
    if (this.recentFarewells.length > this.closingTurns) this.recentFarewells.shift();
    return this.due().join() !== before;
  }

  due(): Reminder[] {
    const done: Record<Reminder, boolean> = {
      greeting: this.greeted,
      further_help: this.asked,
      farewell: this.recentFarewells.includes(true),
    };
    return REMINDERS.filter((r) => this.tracked.has(r) && !done[r]);
  }
}
