import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

export default defineRule({
  meta: {
    id: 'closing.missing',
    severity: 'warning',
    redLine: false,
    deduct: 5,
    description: '坐席最后两句中没有告别语(再见、祝您生活愉快、感谢来电…)',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '服务行为规范5 走有送声 (L119); 规范11 通话完毕说谢谢、再见 (L453)' },
      { seed: '001_a81383e5793b87b0.txt', clause: '联众投资 一.3 告别语 (L122)' },
    ],
    options: z.object({ lastAgentTurns: z.number().int().positive().default(2) }),
  },
  create(context) {
    const recentFarewells: boolean[] = [];
    let lastAgentTurn: number | undefined;
    return {
      turn(turn) {
        if (!isAgent(turn)) return;
        lastAgentTurn = turn.index;
        recentFarewells.push(turn.has('farewell'));
        if (recentFarewells.length > context.options.lastAgentTurns) recentFarewells.shift();
      },
      end() {
        if (lastAgentTurn !== undefined && !recentFarewells.includes(true)) {
          context.report({ turn: lastAgentTurn, message: MESSAGES.closingMissing, suggestion: SUGGESTIONS.closing });
        }
      },
    };
  },
});
