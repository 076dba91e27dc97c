import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

export default defineRule({
  meta: {
    id: 'greeting.late',
    severity: 'warning',
    redLine: false,
    deduct: 5,
    description: '有问候语,但不在坐席的第一句',
    source: [{ seed: '000_913f489e9decba89.txt', clause: '规范13 见面时应主动问候 (L513); 004 任何时候与客人打招呼要主动 (L202)' }],
    messages: { late: MESSAGES.greetingLate },
    categories: ['greeting'],
    options: z.object({}),
  },
  create(context) {
    let agentTurns = 0;
    let done = false;
    return {
      turn(turn) {
        if (!isAgent(turn) || done) return;
        agentTurns++;
        const greeting = turn.hitsOf('greeting')[0];
        if (!greeting) return;
        done = true;
        if (agentTurns > 1) {
          context.report({ turn: turn.index, span: greeting, messageId: 'late', suggestion: SUGGESTIONS.greeting });
        }
      },
    };
  },
});
