import { agent, call, chat, customer, ruleTester, system } from '../helpers/rule-tester.js';

ruleTester('closing.missing', {
  valid: [
    '感谢您的来电,再见!',
    '祝您生活愉快。',
    '祝您一切顺利。',
    '再見',
    // the farewell may be in the agent's second-to-last turn
    call(agent('您好,工号1010。'), customer('好的谢谢'), agent('不客气,再见。'), customer('拜拜'), agent('嗯')),
    chat(agent('您好'), customer('谢谢'), agent('感谢您的咨询,祝您愉快')),
    // customer and system lines after the farewell do not count as the agent's turns
    call(agent('您好'), agent('感谢来电,再见'), customer('再见'), system('通话已结束')),
    // no agent turn: nothing is due
    chat(customer('在吗')),
  ],
  invalid: [
    { code: '好的,那就这样。', findings: [{ turn: 0 }] },
    { code: '我们再见面详谈。', findings: [{ turn: 0 }] },
    // a farewell three agent turns before the end is too early
    {
      code: call(agent('您好,再见'), customer('等等'), agent('您说'), customer('还有个问题'), agent('好的,已经处理了')),
      findings: [{ turn: 4 }],
    },
    // the customer's farewell is not the agent's
    { code: call(agent('您好'), customer('好的,再见'), agent('嗯')), findings: [{ turn: 2 }] },
    // nor an IVR's
    { code: call(agent('您好'), agent('好的'), system('感谢来电,再见')), findings: [{ turn: 1 }] },
  ],
});
