import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

/**
 * Counts the word 你 (segmented, so 你好 / 你们 / 迷你 do not count) against 您
 * over all agent turns. Provisional while the call goes on: more 您 can clear it.
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
    options: z.object({ minInformal: z.number().int().positive().default(2) }),
  },
  create(context) {
    let informal = 0;
    let polite = 0;
    let first: { turn: number; span: { start: number; end: number; text: string } } | undefined;
    let reported = false;
    return {
      turn(turn) {
        if (!isAgent(turn)) return;
        polite += [...turn.text.normalize('NFKC')].filter((ch) => ch === '您').length;
        if (turn.text.includes('你')) {
          const spans = turn.wordSpans('你');
          informal += spans.length;
          if (!first && spans.length > 0) first = { turn: turn.index, span: spans[0] };
        }
        const applies = first !== undefined && informal >= context.options.minInformal && polite < informal;
        if (applies && !reported) {
          context.report({ turn: first!.turn, span: first!.span, message: MESSAGES.addressInformal, suggestion: SUGGESTIONS.address, key: 'address', provisional: true });
        } else if (!applies && reported) {
          context.retract('address');
        }
        reported = applies;
      },
    };
  },
});
