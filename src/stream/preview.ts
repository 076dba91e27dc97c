/**
 * Previews of a turn still being spoken (partial ASR hypotheses): a throw-away
 * analysis of that one turn by the rules whose findings depend on that turn
 * alone (`meta.turnLocal`: the built-in banned, privacy and deadline rules and
 * every pack rule of the banned kind). It never touches the conversation's own analyzer, so a partial cannot
 * change the final report; the final `turn` replaces it.
 */
import { ConversationAnalyzer } from '../engine/analyzer.js';
import type { Pack } from '../pack/load.js';
import type { Finding } from '../report/types.js';
import type { Channel, Speaker } from '../transcript/schema.js';

export interface PartialTurn {
  speaker: Speaker;
  text: string;
  start?: number;
}

export type PreviewFinding = Finding & { partial: true };

const previewPacks = new WeakMap<Pack, Pack>();

function previewPackOf(pack: Pack): Pack {
  let preview = previewPacks.get(pack);
  if (!preview) {
    preview = { ...pack, rules: pack.rules.filter((r) => r.rule.meta.turnLocal) };
    previewPacks.set(pack, preview);
  }
  return preview;
}

/** Findings the one-turn rules would report for this partial text, placed at turn `index`. */
export function previewFindings(pack: Pack, channel: Channel, index: number, partial: PartialTurn): PreviewFinding[] {
  const analyzer = new ConversationAnalyzer(previewPackOf(pack), { id: 'preview', channel });
  analyzer.addTurn({ speaker: partial.speaker, text: partial.text, start: partial.start });
  return analyzer.end().findings.map((f) => ({ ...f, turn: index, partial: true }));
}
