import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { type AnalysedTurn, defineRule, hasTiming, isAgent } from './types.js';

/** Chat only: the reply to a customer message comes too late (the first reply has a shorter limit). */
export default defineRule({
  meta: {
    id: 'response.slow',
    severity: 'warning',
    redLine: false,
    deduct: 5,
    description: '在线客服回复过慢:超过 60 秒(首次回复超过 30 秒)',
    source: [{ seed: '004_4df919181f7d3ffb.txt', clause: '响应时间标准 (在线咨询及时响应)' }],
    options: z.object({
      maxReplySeconds: z.number().nonnegative().default(60),
      maxFirstReplySeconds: z.number().nonnegative().default(30),
    }),
  },
  create(context) {
    let previous: AnalysedTurn | undefined;
    let replied = false;
    return {
      turn(turn) {
        if (turn.speaker === 'system') return;
        if (context.channel === 'chat' && isAgent(turn) && previous?.speaker === 'customer' && hasTiming(previous) && turn.start !== undefined) {
          const delay = turn.start - previous.end;
          const limit = replied ? context.options.maxReplySeconds : context.options.maxFirstReplySeconds;
          if (delay > limit) context.report({ turn: turn.index, message: MESSAGES.responseSlow(delay), suggestion: SUGGESTIONS.responseSlow });
        }
        if (isAgent(turn)) replied = true;
        previous = turn;
      },
    };
  },
});
