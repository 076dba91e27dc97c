/** Exact phrase candidates: every phrase of every entry, found in one Aho-Corasick pass over the normalised text. */
import { AhoCorasick } from '../text/aho-corasick.js';
import { normalizePhrase } from '../text/normalize.js';
import { type Candidate, candidate } from './candidate.js';
import type { LexiconEntry } from './schema.js';

export class PhraseIndex {
  private readonly automaton: AhoCorasick<LexiconEntry>;

  constructor(entries: readonly LexiconEntry[]) {
    this.automaton = new AhoCorasick(entries.flatMap((entry) => entry.phrases.map((p): [string, LexiconEntry] => [normalizePhrase(p), entry])));
  }

  /** Appends the candidates of `text` to `into`, in the order their ends are reached. */
  find(text: string, into: Candidate[]): void {
    this.automaton.forEachMatch(text, (from, to, entry) => into.push(candidate(entry, from, to)));
  }
}
