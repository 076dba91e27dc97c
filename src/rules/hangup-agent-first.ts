import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

export default defineRule({
  meta: {
    id: 'hangup.agent_first',
    severity: 'warning',
    redLine: false,
    deduct: 5,
    description: '坐席先挂断电话(应等客户先挂机)',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '规范8 不可主动挂断客户电话 (L283); 规范11 等对方先挂电话 (L453)' },
      { seed: '001_a81383e5793b87b0.txt', clause: '联众投资 四.3 等对方挂机后方可放下电话 (L191)' },
    ],
    messages: { agentFirst: MESSAGES.hangupAgentFirst },
    categories: [],
    options: z.object({}),
  },
  create(context) {
    let lastAgentTurn: number | undefined;
    let agentHungUp = false;
    return {
      turn(turn) {
        if (isAgent(turn)) lastAgentTurn = turn.index;
      },
      event(event) {
        if (event.type === 'hangup' && event.by === 'agent') agentHungUp = true;
      },
      end() {
        if (agentHungUp && lastAgentTurn !== undefined) {
          context.report({ turn: lastAgentTurn, messageId: 'agentFirst', suggestion: SUGGESTIONS.hangup });
        }
      },
    };
  },
});
