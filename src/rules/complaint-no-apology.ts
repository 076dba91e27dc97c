import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

export default defineRule({
  meta: {
    id: 'complaint.no_apology',
    severity: 'error',
    redLine: false,
    deduct: 10,
    description: '客户抱怨/投诉后,坐席下一句没有道歉或安抚',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '规范13 四声服务 投诉有回声 (L529)' },
      { seed: '003_01e3382558458c28.txt', clause: '投訴處理 處理方案應包括道歉' },
    ],
    options: z.object({}),
  },
  create(context) {
    let complaintPending = false;
    return {
      turn(turn) {
        if (turn.speaker === 'customer') {
          if (turn.has('complaint')) complaintPending = true;
        } else if (isAgent(turn) && complaintPending) {
          complaintPending = false;
          if (!turn.has('apology')) {
            context.report({ turn: turn.index, message: MESSAGES.complaintNoApology, suggestion: SUGGESTIONS.apology });
          }
        }
      },
    };
  },
});
