import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { type AnalysedTurn, defineRule, hasTiming, isAgent } from './types.js';

/** 好的 / 嗯 / 行: the agent acknowledges but has not answered yet, so the customer is still waiting. */
function isShortAcknowledgement(turn: AnalysedTurn): boolean {
  return turn.normalized.length <= 3;
}

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
    /** end of the customer's last turn while the agent has not yet taken the floor for long */
    let customerEnd: number | undefined;
    let previousAgentAskedToWait = false;
    let holdPending = false;
    return {
      event(event) {
        if (event.type === 'hold') holdPending = true;
      },
      turn(turn) {
        if (turn.speaker === 'system') return;
        if (isAgent(turn)) {
          // 好的 … (silence) … 查到了: the silence counts from the customer, and must also follow the agent's own last words
          const gap = context.options.gapSeconds;
          const silentGap =
            customerEnd !== undefined &&
            turn.start !== undefined &&
            turn.start - customerEnd >= gap &&
            (previous === undefined || !hasTiming(previous) || turn.start - previous.end >= gap);
          if ((holdPending || silentGap) && !previousAgentAskedToWait) {
            const entry = holdPending ? 'hold-event' : 'gap';
            context.report({ turn: turn.index, messageId: 'noRequest', suggestion: SUGGESTIONS.holdRequest, entry });
          }
          holdPending = false;
          previousAgentAskedToWait = turn.has('wait_request');
        }
        if (turn.speaker === 'customer') customerEnd = turn.end;
        else if (isAgent(turn) && !isShortAcknowledgement(turn)) customerEnd = undefined;
        previous = turn;
      },
    };
  },
});
