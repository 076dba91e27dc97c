/**
 * The feedback loop that makes packs better: from reviewers' verdicts, the
 * false-hit rate (误判率) per rule and per lexicon entry, the rejected hits with
 * their context, and `allow` contexts drafted from them for a pack author to
 * accept or not. Nothing here changes a pack.
 */
import { stringify } from 'yaml';
import { loadPack, type Pack } from '../pack/load.js';
import type { Transcript } from '../transcript/schema.js';
import { normalize } from '../text/normalize.js';
import type { ConversationFilters } from './conversations.js';
import type { Store } from './db.js';
import { derivedConversations } from './export.js';

export interface Rate {
  reviewed: number;
  rejected: number;
  /** rejected / reviewed, 0 when nothing was reviewed */
  rate: number;
}

export interface RejectedHit {
  conversationId: string;
  findingId: string;
  pack: string;
  rule: string;
  /** the lexicon entry that matched, when the finding is a lexicon hit */
  entry?: string;
  text?: string;
  /** the clause of the turn around the hit */
  context?: string;
  note?: string;
}

export interface FalseHits {
  rules: Array<{ rule: string } & Rate>;
  entries: Array<{ pack: string; entry: string; rule: string } & Rate>;
  rejected: RejectedHit[];
}

const rate = (r: { reviewed: number; rejected: number }): Rate => ({ ...r, rate: r.reviewed === 0 ? 0 : Math.round((r.rejected / r.reviewed) * 10000) / 10000 });

/** The lexicon entry behind a finding: the matcher's hit of the finding's rule on exactly its span. */
function entryOf(pack: Pack, turnText: string, finding: { rule: string; start?: number; end?: number }): string | undefined {
  if (finding.start === undefined || finding.end === undefined) return undefined;
  const hit = pack.matcher.match(normalize(turnText)).find((h) => h.category === finding.rule && h.start === finding.start && h.end === finding.end);
  return hit?.entry.id;
}

const CLAUSE_BREAK = /[。!?!?;;,,、\n]/;

/** The clause (between punctuation) around [start, end) of a turn: the context an `allow` needs. */
export function clauseAround(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && !CLAUSE_BREAK.test(text[from - 1])) from--;
  let to = end;
  while (to < text.length && !CLAUSE_BREAK.test(text[to])) to++;
  return text.slice(from, to);
}

const MAX_REJECTED = 500;

export async function falseHits(store: Store, filters: ConversationFilters, onlyPack?: string): Promise<FalseHits> {
  const byRule = new Map<string, { reviewed: number; rejected: number }>();
  const byEntry = new Map<string, { pack: string; entry: string; rule: string; reviewed: number; rejected: number }>();
  const rejected: RejectedHit[] = [];
  const packs = new Map<string, Pack | null>();
  const packOf = (name: string) => {
    if (!packs.has(name)) {
      try {
        packs.set(name, loadPack(name));
      } catch {
        packs.set(name, null); // a pack given by a path that is gone: rates by rule still count
      }
    }
    return packs.get(name)!;
  };
  for await (const { row, findings, derived, transcript } of derivedConversations(store, filters, { withTranscript: true })) {
    if (onlyPack !== undefined && row.pack !== onlyPack) continue;
    const turns = (transcript as Transcript).turns;
    for (const f of findings) {
      const state = derived.findings.get(f.id)!;
      if (f.origin !== 'auto' || state.verdict === null) continue;
      const isRejected = state.verdict === 'rejected';
      const ruleCount = byRule.get(f.finding.rule) ?? { reviewed: 0, rejected: 0 };
      byRule.set(f.finding.rule, ruleCount);
      ruleCount.reviewed++;
      if (isRejected) ruleCount.rejected++;
      const pack = packOf(row.pack);
      const turnText = turns[f.finding.turn]?.text ?? '';
      const entry = pack ? entryOf(pack, turnText, f.finding) : undefined;
      if (entry) {
        const key = `${row.pack}\u0000${entry}`;
        const entryCount = byEntry.get(key) ?? { pack: row.pack, entry, rule: f.finding.rule, reviewed: 0, rejected: 0 };
        byEntry.set(key, entryCount);
        entryCount.reviewed++;
        if (isRejected) entryCount.rejected++;
      }
      if (isRejected && rejected.length < MAX_REJECTED) {
        const note = state.note ?? undefined;
        rejected.push({
          conversationId: row.id,
          findingId: f.id,
          pack: row.pack,
          rule: f.finding.rule,
          ...(entry && { entry }),
          ...(f.finding.text !== undefined && { text: f.finding.text }),
          ...(f.finding.start !== undefined && f.finding.end !== undefined && { context: clauseAround(turnText, f.finding.start, f.finding.end) }),
          ...(note && { note }),
        });
      }
    }
  }
  const byRate = <T extends Rate>(a: T, b: T) => b.rate - a.rate || b.reviewed - a.reviewed;
  return {
    rules: [...byRule].map(([rule, r]) => ({ rule, ...rate(r) })).sort(byRate),
    entries: [...byEntry.values()].map(({ pack, entry, rule, ...r }) => ({ pack, entry, rule, ...rate(r) })).sort(byRate),
    rejected,
  };
}

/**
 * `talklint reviews suggest --pack NAME`: YAML drafts of `allow` contexts, one
 * item per lexicon entry with rejected hits, each context a clause reviewers
 * rejected; for a person to read, edit and copy into the entry, or not.
 */
export async function suggestAllows(store: Store, packName: string): Promise<string> {
  const { entries, rejected } = await falseHits(store, {}, packName);
  const drafts = entries
    .filter((e) => e.rejected > 0)
    .map((e) => {
      const contexts = [...new Set(rejected.filter((r) => r.entry === e.entry && r.context).map((r) => r.context!))];
      return {
        id: e.entry,
        rule: e.rule,
        rejected: `${e.rejected} / ${e.reviewed}`,
        allow: contexts,
      };
    });
  const total = rejected.filter((r) => r.entry !== undefined).length;
  const header = [
    `# talklint reviews suggest --pack ${packName}: ${drafts.length} entries, ${total} rejected hits`,
    '# Drafts only. Each context is a clause in which reviewers rejected the hit (误判).',
    '# Keep the ones that are harmless in general, shorten them to the words that make them so,',
    `# and add them to the entry's \`allow\` list in lexicons/${packName}/; then run \`talklint pack test ${packName}\`.`,
  ].join('\n');
  return `${header}\n${drafts.length === 0 ? '[]\n' : stringify(drafts)}`;
}
