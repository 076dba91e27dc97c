/**
 * What the agent still has to say, for the live sidebar. The reminders come
 * from the enabled rules that declare one (`meta.reminder`): every required-kind
 * rule of scope last or anywhere, the pack's own included, and
 * closing.no_further_help. A reminder is due until an agent turn has a hit of
 * one of its categories (within the last N agent turns, for a closing
 * requirement). Scope `first` rules are none: by the time a reminder could
 * help, they are met or a finding already. Constant state per reminder.
 */
import type { Pack } from '../pack/load.js';
import type { AnalysedTurn, Reminder as ReminderSpec } from '../rules/types.js';

/** A reminder's id: the category it asks for (greeting, further_help, farewell …) or its rule's id. */
export type Reminder = string;

interface Tracked {
  spec: ReminderSpec;
  lastTurns?: number;
  said: boolean;
  recent: boolean[];
}

/** Opening reminders (reported at the agent's first turn) come before the others. */
const rank = (spec: ReminderSpec) => (spec.opening ? 0 : 1);

export class ReminderTracker {
  private readonly tracked: Tracked[] = [];

  constructor(pack: Pack) {
    for (const r of pack.rules) {
      const spec = r.rule.meta.reminder;
      if (!spec || this.tracked.some((t) => t.spec.id === spec.id)) continue;
      // a pack may have tuned the turns of a closing requirement
      const turns = (r.options as { turns?: unknown } | undefined)?.turns;
      const lastTurns = spec.lastTurns === undefined ? undefined : typeof turns === 'number' ? turns : spec.lastTurns;
      this.tracked.push({ spec, lastTurns, said: false, recent: [] });
    }
    // the order a conversation meets them in: what is due anywhere (the greeting opens), then the closing ones
    this.tracked.sort((a, b) => Number(a.lastTurns !== undefined) - Number(b.lastTurns !== undefined) || rank(a.spec) - rank(b.spec));
  }

  /** Takes one analysed turn; returns true when the list of due reminders changed. */
  observe(turn: AnalysedTurn): boolean {
    if (turn.speaker !== 'agent') return false;
    const before = this.due().join();
    for (const t of this.tracked) {
      if (t.lastTurns !== undefined) {
        t.recent.push(t.spec.categories.some((c) => turn.has(c)));
        if (t.recent.length > t.lastTurns) t.recent.shift();
      } else if (!t.said) {
        t.said = t.spec.categories.some((c) => turn.has(c));
      }
    }
    return this.due().join() !== before;
  }

  /** What each reminder asks for (its rule's suggestion, else its description). */
  labels(): Record<Reminder, string> {
    return Object.fromEntries(this.tracked.map((t) => [t.spec.id, t.spec.label]));
  }

  due(): Reminder[] {
    return this.tracked
      .filter((t) => {
        if (t.lastTurns !== undefined) return !t.recent.includes(true);
        return !t.said;
      })
      .map((t) => t.spec.id);
  }
}
