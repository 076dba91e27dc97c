import { agent, call, chat, customer, hangup, ruleTester, system, withEvents } from '../helpers/rule-tester.js';

const conversation = call(agent('您好,工号5151', 0, 2), customer('没事了', 3, 4), agent('好的,再见', 5, 6), customer('再见', 6.5, 7));

ruleTester('hangup.agent_first', {
  valid: [
    withEvents(conversation, hangup('customer', 8)),
    conversation,
    // no agent turn: no turn to report on
    withEvents(call(customer('喂?', 0, 1)), hangup('agent', 2)),
  ],
  invalid: [
    { code: withEvents(conversation, hangup('agent', 8)), findings: [{ turn: 2 }] },
    // reported on the agent's last turn, even if the agent hung up while the customer was still speaking
    { code: withEvents(conversation, hangup('agent', 6.75)), findings: [{ turn: 2 }] },
    {
      code: withEvents(call(agent('您好', 0, 1), customer('嗯', 2, 3), agent('再见', 4, 5), system('通话结束', 6, 7)), hangup('agent', 5.5)),
      findings: [{ turn: 2 }],
    },
    { code: withEvents(chat(agent('您好', 0, 1), agent('再见', 2, 3)), hangup('agent', 4)), findings: [{ turn: 1 }] },
  ],
});
