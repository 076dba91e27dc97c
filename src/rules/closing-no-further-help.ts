import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

interface Position {
  turn: number;
  offset: number;
}
const before = (a: Position, b: Position) => a.turn < b.turn || (a.turn === b.turn && a.offset < b.offset);

/** The closing farewell is the last one in the agent's last N turns; without one, any question counts. */
export default defineRule({
  meta: {
    id: 'closing.no_further_help',
    severity: 'warning',
    redLine: false,
    deduct: 5,
    description: '结束前未询问客户是否还有其他需要(还有什么可以帮您…)',
    source: [
      { seed: '001_a81383e5793b87b0.txt', clause: '联众投资 一.7 征询语 请问您还有别的事吗 (L128)' },
      { seed: '002_93db4b14084739a4.txt', clause: '5.1.8 征詢語 您有別的事嗎 (L115)' },
    ],
    messages: { notAsked: MESSAGES.noFurtherHelp },
    categories: ['further_help', 'farewell'],
    // a required phrase whose place no kind expresses (before the last farewell): still a reminder
    reminder: { id: 'further_help', categories: ['further_help'], label: SUGGESTIONS.furtherHelp },
    options: z.object({ lastAgentTurns: z.number().int().positive().default(2) }),
  },
  create(context) {
    let firstQuestion: Position | undefined;
    const recent: Array<{ turn: number; farewell?: Position }> = [];
    return {
      turn(turn) {
        if (!isAgent(turn)) return;
        const question = turn.hitsOf('further_help')[0];
        if (question && !firstQuestion) firstQuestion = { turn: turn.index, offset: question.from };
        const farewells = turn.hitsOf('farewell');
        const farewell = farewells[farewells.length - 1];
        recent.push({ turn: turn.index, farewell: farewell && { turn: turn.index, offset: farewell.from } });
        if (recent.length > context.options.lastAgentTurns) recent.shift();
      },
      end() {
        if (recent.length === 0) return;
        const farewell = recent.findLast((r) => r.farewell)?.farewell;
        const asked = firstQuestion !== undefined && (farewell === undefined || before(firstQuestion, farewell));
        if (!asked) {
          context.report({ turn: recent[recent.length - 1].turn, messageId: 'notAsked', suggestion: SUGGESTIONS.furtherHelp });
        }
      },
    };
  },
});
