/**
 * One turn's lexicon hits, settled category by category as rules ask for them.
 * The phrase and pinyin candidates are found when the turn is built; a
 * category's patterns, context checks and word boundaries run on its first
 * request, and the result is kept. Every step is linear (or n log n) in the turn.
 */
import { TurnContext } from '../analysis/context.js';
import { type NormalizedText, toOriginalSpan } from '../text/normalize.js';
import { type Candidate, dedupe, isFuzzy } from './candidate.js';
import type { Hit, LexiconMatcher } from './matcher.js';
import { PatternIndex } from './patterns.js';
import type { PatternEntry } from './patterns.js';
import type { Category } from './schema.js';
import type { TurnContexts } from './allow-contexts.js';
import { TurnWords } from './word-boundaries.js';

const NO_CANDIDATES: readonly Candidate[] = [];

export class TurnMatch {
  /** phrase and pinyin candidates, in the order they were found */
  private readonly candidates: Candidate[] = [];
  private readonly candidatesByCategory = new Map<Category, Candidate[]>();
  private readonly contexts: TurnContexts;
  private readonly turnWords: TurnWords;
  private byCategory?: Map<Category, Hit[]>;
  /** candidates of each pattern entry (by its index), found when first needed */
  private patternCandidates?: Array<Candidate[] | undefined>;
  private allHits?: Hit[];
  private readonly hitOf = new Map<Candidate, Hit>();
  /** tagged words and clauses, for entries with `unless` conditions */
  private context?: TurnContext;

  constructor(
    private readonly matcher: LexiconMatcher,
    readonly n: NormalizedText,
  ) {
    matcher.phrases.find(n.text, this.candidates);
    matcher.pinyin.find(n.text, this.candidates);
    matcher.shortSlips.find(n.text, this.candidates);
    for (const c of this.candidates) {
      const list = this.candidatesByCategory.get(c.entry.category);
      if (list) list.push(c);
      else this.candidatesByCategory.set(c.entry.category, [c]);
    }
    this.contexts = matcher.allow.forTurn(n);
    this.turnWords = new TurnWords(matcher.segmenter, n);
  }

  hitsOf(category: Category): Hit[] {
    // the usual answer, found without a lookup: no candidate of this category and no pattern to run
    if (!this.candidatesByCategory.has(category) && this.matcher.patterns.ofCategory(category).length === 0) {
      this.matcher.assertKnown(category);
      return [];
    }
    this.byCategory ??= new Map();
    let hits = this.byCategory.get(category);
    if (!hits) {
      hits = this.resolve(this.candidatesOf(category), this.matcher.patterns.ofCategory(category));
      this.byCategory.set(category, hits);
    }
    return hits;
  }

  /**
   * Whether the category has a hit. One hit settles it, so the candidates that
   * need no segmentation are tried first: often jieba is not needed at all.
   */
  has(category: Category): boolean {
    const settled = this.byCategory?.get(category);
    if (settled) return settled.length > 0;
    for (const c of this.candidatesOf(category)) {
      if (!this.turnWords.needsSegmentation(c) && this.accepts(c)) return true;
    }
    for (const p of this.matcher.patterns.ofCategory(category)) {
      if (this.patternCandidatesOf(p).some((c) => this.passesContext(c))) return true;
    }
    return this.hitsOf(category).length > 0;
  }

  /** Every category's hits, ordered by position. */
  all(): Hit[] {
    this.allHits ??= this.resolve(this.candidates, this.matcher.patterns.all);
    return this.allHits;
  }

  private candidatesOf(category: Category): readonly Candidate[] {
    return this.candidatesByCategory.get(category) ?? NO_CANDIDATES;
  }

  private resolve(candidates: readonly Candidate[], patternEntries: readonly PatternEntry[]): Hit[] {
    // most categories have no candidate in a turn: nothing is allocated for them
    let accepted: Candidate[] | undefined;
    for (const c of candidates) if (this.accepts(c)) (accepted ??= []).push(c);
    for (const p of patternEntries) {
      for (const c of this.patternCandidatesOf(p)) if (this.passesContext(c)) (accepted ??= []).push(c);
    }
    if (accepted === undefined) return [];
    return (accepted.length === 1 ? accepted : dedupe(accepted)).map((c) => this.toHit(c));
  }

  private accepts(c: Candidate): boolean {
    // context first: it is cheap, and a rejected candidate needs no segmentation
    c.accepted ??= this.passesContext(c) && this.turnWords.onWordBoundaries(c);
    return c.accepted;
  }

  private toHit(c: Candidate): Hit {
    let hit = this.hitOf.get(c);
    if (!hit) {
      const span = toOriginalSpan(this.n, c.from, c.to);
      hit = { entry: c.entry, category: c.entry.category, from: c.from, to: c.to, ...span, text: this.n.original.slice(span.start, span.end), fuzzy: isFuzzy(c) };
      this.hitOf.set(c, hit);
    }
    return hit;
  }

  private patternCandidatesOf(p: PatternEntry): readonly Candidate[] {
    this.patternCandidates ??= new Array(this.matcher.patterns.all.length);
    return (this.patternCandidates[p.index] ??= PatternIndex.find(p, this.n.text));
  }

  /** allow contexts and clause ends, then the entry's `unless` conditions (src/analysis/context.ts) */
  private passesContext(c: Candidate): boolean {
    if (!this.contexts.passes(c)) return false;
    if (c.entry.unless.length === 0) return true;
    this.context ??= new TurnContext(this.n, this.matcher.segmenter);
    return !this.context.excuses(c.entry.unless, c.from, c.to);
  }
}

