import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

/** Reported once the first agent turn has no greeting; withdrawn if a later agent turn greets (then greeting.late applies). */
export default defineRule({
  meta: {
    id: 'greeting.missing',
    severity: 'error',
    redLine: false,
    deduct: 10,
    description: '坐席首句及之后均未使用问候语(您好、你好、早上好…)',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '服务行为规范5 来有迎声 (L119); 规范13 问候 (L513)' },
      { seed: '001_a81383e5793b87b0.txt', clause: '联众投资 一.2 问候语 (L121)' },
    ],
    options: z.object({}),
  },
  create(context) {
    let state: 'before-first' | 'missing' | 'settled' = 'before-first';
    return {
      turn(turn) {
        if (!isAgent(turn) || state === 'settled') return;
        const greets = turn.has('greeting');
        if (state === 'before-first' && !greets) {
          state = 'missing';
          context.report({
            turn: turn.index,
            message: MESSAGES.greetingMissing,
            suggestion: SUGGESTIONS.greeting,
            key: 'greeting',
            provisional: true,
          });
        } else if (greets) {
          if (state === 'missing') context.retract('greeting');
          state = 'settled';
        }
      },
    };
  },
});
