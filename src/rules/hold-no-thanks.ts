import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

/** After a wait request, the agent's next turn thanks the customer for waiting (with timing: only after a real wait). */
export default defineRule({
  meta: {
    id: 'hold.no_thanks',
    severity: 'warning',
    redLine: false,
    deduct: 5,
    description: '请客户等待后,再次开口时未致谢/致歉(让您久等了、感谢您的耐心等待)',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '服务行为规范5 文明服务用语⑷ 对不起,让您久等了 (L124)' },
      { seed: '002_93db4b14084739a4.txt', clause: '5.3.9 對不起,讓您久等了 (L153)' },
    ],
    messages: { noThanks: MESSAGES.holdNoThanks },
    categories: ['wait_request', 'wait_thanks'],
    options: z.object({ gapSeconds: z.number().nonnegative().default(15) }),
  },
  create(context) {
    let waitRequest: { end?: number } | undefined;
    return {
      turn(turn) {
        if (!isAgent(turn)) return;
        if (waitRequest && !turn.has('wait_thanks')) {
          const timed = waitRequest.end !== undefined && turn.start !== undefined;
          const waited = !timed || turn.start! - waitRequest.end! >= context.options.gapSeconds;
          if (waited) context.report({ turn: turn.index, messageId: 'noThanks', suggestion: SUGGESTIONS.holdThanks });
        }
        waitRequest = turn.has('wait_request') ? { end: turn.end } : undefined;
      },
    };
  },
});
