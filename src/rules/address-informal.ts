import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { type AnalysedTurn, defineRule, isAgent } from './types.js';

type Span = { start: number; end: number; text: string };

/**
 * Each 你 that is the pronoun: not part of 你好, 你们 or 迷你. Judged on the
 * normalised text, not on jieba's words: with punctuation removed, 你好,请…
 * can come out as 你/好/请.
 */
function pronounSpans(turn: AnalysedTurn, notPronoun: readonly string[]): Span[] {
  const text = turn.normalized;
  const spans: Span[] = [];
  for (let i = text.indexOf('你'); i !== -1; i = text.indexOf('你', i + 1)) {
    const inWord = notPronoun.some((word) => {
      const at = i - word.indexOf('你');
      return at >= 0 && text.startsWith(word, at);
    });
    if (!inWord) spans.push(turn.span(i, i + 1));
  }
  return spans;
}

/**
 * Counts the pronoun 你 against 您 over all agent turns. Provisional while the
 * conversation goes on: more 您 later can clear it.
 */
export default defineRule({
  meta: {
    id: 'address.informal',
    severity: 'warning',
    redLine: false,
    deduct: 3,
    description: '称呼客户用"你"至少两次且"您"用得比"你"少',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '规范11 多用敬语,如"您、请、谢谢、对不起" (L429)' },
      { seed: '004_4df919181f7d3ffb.txt', clause: '熟练掌握各种敬语 (L385)' },
    ],
    messages: { informal: MESSAGES.addressInformal },
    categories: [],
    options: z.object({
      minInformal: z.number().int().positive().default(2),
      notPronoun: z.array(z.string()).default(['你好', '你们', '迷你']),
    }),
  },
  create(context) {
    let informal = 0;
    let polite = 0;
    let first: { turn: number; span: Span } | undefined;
    let reported = false;
    return {
      turn(turn) {
        if (!isAgent(turn)) return;
        polite += turn.text.split('您').length - 1;
        if (turn.text.includes('你')) {
          const spans = pronounSpans(turn, context.options.notPronoun);
          informal += spans.length;
          if (!first && spans.length > 0) first = { turn: turn.index, span: spans[0] };
        }
        const applies = first !== undefined && informal >= context.options.minInformal && polite < informal;
        if (applies && !reported) {
          context.report({ turn: first!.turn, span: first!.span, messageId: 'informal', suggestion: SUGGESTIONS.address, key: 'address', provisional: true });
        } else if (!applies && reported) {
          context.retract('address');
        }
        reported = applies;
      },
    };
  },
});
