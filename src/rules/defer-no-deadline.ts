import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

export default defineRule({
  meta: {
    id: 'defer.no_deadline',
    severity: 'warning',
    turnLocal: true,
    redLine: false,
    deduct: 5,
    description: '承诺回复/回电,但同一句没有给出时间(24小时内、两个工作日、明天上午…)',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '规范13 24/48/72 小时答复时限' },
      { seed: '001_a81383e5793b87b0.txt', clause: '公用事业收费服务中心 投诉答复时限' },
    ],
    messages: { noDeadline: MESSAGES.deferNoDeadline },
    categories: ['callback_promise', 'deadline'],
    options: z.object({}),
  },
  create(context) {
    return {
      turn(turn) {
        // the promise first: most turns make none, and then no deadline need be looked for
        const promise = isAgent(turn) ? turn.hitsOf('callback_promise')[0] : undefined;
        if (promise && !turn.has('deadline')) {
          context.report({ turn: turn.index, span: promise, messageId: 'noDeadline', suggestion: SUGGESTIONS.deadline, entry: promise.entry.id });
        }
      },
    };
  },
});
