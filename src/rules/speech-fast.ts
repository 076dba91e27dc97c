import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { spokenChars } from './kinds/timing.js';
import { defineRule, hasTiming, isAgent } from './types.js';

export default defineRule({
  meta: {
    id: 'speech.fast',
    severity: 'info',
    redLine: false,
    deduct: 3,
    description: '通话语速过快:20 字以上的句子每分钟超过 300 字',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '规范8 语速适中 (L275); 规范13 (L530)' },
      { seed: '004_4df919181f7d3ffb.txt', clause: '语速适中 (L380)' },
    ],
    options: z.object({
      maxCharsPerMinute: z.number().positive().default(300),
      minChars: z.number().int().nonnegative().default(20),
    }),
  },
  create(context) {
    return {
      turn(turn) {
        if (context.channel !== 'call' || !isAgent(turn) || !hasTiming(turn)) return;
        const chars = spokenChars(turn.text);
        const minutes = (turn.end - turn.start) / 60;
        if (chars < context.options.minChars || minutes <= 0) return;
        const rate = chars / minutes;
        if (rate > context.options.maxCharsPerMinute) {
          context.report({ turn: turn.index, message: MESSAGES.speechFast(rate), suggestion: SUGGESTIONS.speechFast });
        }
      },
    };
  },
});
