import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { type AnalysedTurn, defineRule, hasTiming, isAgent } from './types.js';

/** Judges the agent only: an agent turn that starts well before the overlapped customer turn ends. */
export default defineRule({
  meta: {
    id: 'interrupt',
    severity: 'warning',
    redLine: false,
    deduct: 5,
    description: '抢话:坐席在客户说完前至少 1 秒开始说话',
    source: [{ seed: '000_913f489e9decba89.txt', clause: '规范7/10 倾听用户的电话,不打断 (L235)' }],
    options: z.object({ overlapSeconds: z.number().nonnegative().default(1.0) }),
  },
  create(context) {
    let lastCustomer: (AnalysedTurn & { start: number; end: number }) | undefined;
    return {
      turn(turn) {
        if (turn.speaker === 'customer') {
          lastCustomer = hasTiming(turn) ? turn : undefined;
          return;
        }
        if (!isAgent(turn) || turn.start === undefined || !lastCustomer) return;
        const overlap = lastCustomer.end - turn.start;
        if (lastCustomer.start < turn.start && overlap >= context.options.overlapSeconds) {
          context.report({ turn: turn.index, message: MESSAGES.interrupt(overlap), suggestion: SUGGESTIONS.interrupt });
        }
      },
    };
  },
});
