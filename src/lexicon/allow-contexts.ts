/**
 * The context checks of a candidate, which need no segmentation:
 * - `allow` contexts excuse a hit when one covers it without crossing clause
 *   punctuation outside the hit (不知道您什么时候方便 excuses 不知道, but
 *   不知道。您问别人吧 does not);
 * - `clauseEnd` entries count only at the end of a clause (a final particle may follow).
 * All allow contexts of a pack are found in one Aho-Corasick pass per turn, on
 * the first candidate that needs them; a candidate then looks only at the
 * occurrences that could cover it, so the work stays linear in the turn.
 */
import { AhoCorasick } from '../text/aho-corasick.js';
import { Break, type NormalizedText, normalizePhrase } from '../text/normalize.js';
import type { Candidate } from './candidate.js';
import type { LexiconEntry } from './schema.js';

/** particles that may follow a clause-final phrase (自己查去吧) */
const FINAL_PARTICLES = new Set(['吧', '啊', '呀', '呗', '了', '嘛', '啦', '哈', '哦']);

interface AllowContext {
  /** index into a turn's occurrence lists */
  id: number;
  length: number;
}

export class AllowContexts {
  private readonly byEntry = new Map<LexiconEntry, AllowContext[]>();
  private readonly automaton: AhoCorasick<AllowContext>;
  private readonly count: number;

  constructor(entries: readonly LexiconEntry[]) {
    const contexts = new Map<string, AllowContext>();
    for (const entry of entries) {
      const own: AllowContext[] = [];
      for (const allow of new Set(entry.allow.map(normalizePhrase))) {
        if (allow.length === 0) continue;
        let context = contexts.get(allow);
        if (!context) contexts.set(allow, (context = { id: contexts.size, length: allow.length }));
        own.push(context);
      }
      if (own.length > 0) this.byEntry.set(entry, own);
    }
    this.count = contexts.size;
    this.automaton = new AhoCorasick([...contexts].map(([text, context]): [string, AllowContext] => [text, context]));
  }

  forTurn(n: NormalizedText): TurnContexts {
    return new TurnContexts(this, n);
  }

  /** @internal for TurnContexts */
  contextsOf(entry: LexiconEntry): readonly AllowContext[] | undefined {
    return this.byEntry.get(entry);
  }

  /** @internal the start offsets of each context's occurrences in `text`, ascending */
  occurrences(text: string): number[][] {
    const starts: number[][] = Array.from({ length: this.count }, () => []);
    this.automaton.forEachMatch(text, (from, _to, context) => starts[context.id].push(from));
    return starts;
  }
}

/** One turn's context checks. */
export class TurnContexts {
  private starts?: number[][];

  constructor(
    private readonly contexts: AllowContexts,
    private readonly n: NormalizedText,
  ) {}

  passes(c: Candidate): boolean {
    if (c.entry.clauseEnd && !this.endsClause(c.to)) return false;
    const own = this.contexts.contextsOf(c.entry);
    if (!own) return true;
    this.starts ??= this.contexts.occurrences(this.n.text);
    return !own.some((context) => this.covered(c, context));
  }

  private endsClause(to: number): boolean {
    const { text, breaks } = this.n;
    if (to >= text.length || breaks[to] !== Break.None) return true;
    return FINAL_PARTICLES.has(text[to]) && (to + 1 >= text.length || breaks[to + 1] !== Break.None);
  }

  /** Whether an occurrence of the context starting in [c.to - length, c.from] covers `c` without crossing a clause outside it. */
  private covered(c: Candidate, context: AllowContext): boolean {
    const starts = this.starts![context.id];
    for (let k = firstAtOrAfter(starts, c.to - context.length); k < starts.length && starts[k] <= c.from; k++) {
      if (!this.crossesClause(starts[k], starts[k] + context.length, c)) return true;
    }
    return false;
  }

  private crossesClause(at: number, end: number, c: Candidate): boolean {
    for (let i = at + 1; i < end; i++) {
      const insideHit = i > c.from && i < c.to;
      if (!insideHit && this.n.breaks[i] === Break.Clause) return true;
    }
    return false;
  }
}

/** Index of the first value >= `value` in an ascending list. */
function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
