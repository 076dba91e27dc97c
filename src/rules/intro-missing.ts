import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

export default defineRule({
  meta: {
    id: 'intro.missing',
    severity: 'warning',
    redLine: false,
    deduct: 5,
    description: '电话开场未自报家门:首句既无单位名称也无工号',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '规范7 接听电话 自报家门 (L234); 规范11 主动报出公司名称 (L445)' },
      { seed: '004_4df919181f7d3ffb.txt', clause: '保险 电话服务 主动告知公司的名称和服务工号 (L417)' },
    ],
    options: z.object({}),
  },
  create(context) {
    let seenAgent = false;
    return {
      turn(turn) {
        if (context.channel !== 'call' || !isAgent(turn) || seenAgent) return;
        seenAgent = true;
        if (!turn.has('organisation') && !turn.has('staff_id')) {
          context.report({ turn: turn.index, message: MESSAGES.introMissing, suggestion: SUGGESTIONS.intro });
        }
      },
    };
  },
});
