import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { type AnalysedTurn, defineRule, hasTiming, isAgent } from './types.js';

/** A hold event, or a long silence after the customer, must follow a wait request in the agent's previous turn. */
export default defineRule({
  meta: {
    id: 'hold.no_request',
    severity: 'warning',
    redLine: false,
    deduct: 5,
    description: '让客户等待(保持通话或长时间无回应)前未说"请稍等"',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '服务行为规范5 文明服务用语⑶ 请稍等 (L123); 规范7 对于查询 对不起,请稍等 (L234)' },
      { seed: '001_a81383e5793b87b0.txt', clause: '联众投资 三.1 确认对方要求后说请稍等 (L146)' },
    ],
    messages: { noRequest: MESSAGES.holdNoRequest },
    categories: ['wait_request'],
    options: z.object({ gapSeconds: z.number().nonnegative().default(15) }),
  },
  create(context) {
    let previous: AnalysedTurn | undefined;
    let previousAgentAskedToWait = false;
    let holdPending = false;
    return {
      event(event) {
        if (event.type === 'hold') holdPending = true;
      },
      turn(turn) {
        if (turn.speaker === 'system') return;
        if (isAgent(turn)) {
          const silentGap =
            previous?.speaker === 'customer' &&
            hasTiming(previous) &&
            turn.start !== undefined &&
            turn.start - previous.end >= context.options.gapSeconds;
          if ((holdPending || silentGap) && !previousAgentAskedToWait) {
            context.report({ turn: turn.index, messageId: 'noRequest', suggestion: SUGGESTIONS.holdRequest });
          }
          holdPending = false;
          previousAgentAskedToWait = turn.has('wait_request');
        }
        previous = turn;
      },
    };
  },
});
