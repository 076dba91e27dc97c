import { agent, call, chat, customer, hold, ruleTester, system, withEvents } from '../helpers/rule-tester.js';

ruleTester('hold.no_thanks', {
  valid: [
    call(agent('您好,请稍等,我查一下'), customer('好'), agent('让您久等了,查到了')),
    call(agent('您好,请您稍候'), agent('感谢您的耐心等待')),
    call(agent('请稍等'), agent('讓您久等了')),
    // with timing, only a real wait needs thanks: the next turn starts under 15 s later
    call(agent('您好,请稍等', 0, 2), customer('嗯', 3, 4), agent('查到了,是上周三寄出的', 16.9, 19)),
    // 稍候给您回电 is a promise, not a wait request
    call(agent('您好,稍候给您回电'), customer('好的'), agent('再见')),
    // the customer asking the agent to wait
    call(agent('您好'), customer('你等一下,我找找'), agent('好的')),
    // the IVR's 请稍等
    call(system('请稍等,正在转接'), agent('您好,工号8899')),
    // thanks given in a later turn after a hold with thanks
    withEvents(call(agent('请稍等', 0, 1), agent('感谢您的耐心等待', 40, 42)), hold(1.5, 39)),
  ],
  invalid: [
    { code: call(agent('您好,请稍等,我查一下'), customer('好'), agent('查到了,是上周三寄出的')), findings: [{ turn: 2 }] },
    // homophone slip of 请稍等
    { code: call(agent('请烧等'), agent('好了')), findings: [{ turn: 1 }] },
    // the boundary is inclusive: exactly 15 s after the request ended
    { code: call(agent('您好,请稍等', 0, 2), customer('嗯', 3, 4), agent('查到了,是上周三寄出的', 17, 19)), findings: [{ turn: 2 }] },
    // each wait needs its own thanks
    {
      code: call(agent('稍等'), agent('让您久等了,再稍等一下'), agent('好了')),
      findings: [{ turn: 2 }],
    },
    { code: chat(agent('您好,请稍候', 0, 1), agent('您的订单已经发货', 60, 61)), findings: [{ turn: 1 }] },
    // a system line in between does not thank for the agent
    { code: call(agent('请稍等'), system('感谢您的耐心等待'), agent('查好了')), findings: [{ turn: 2 }] },
  ],
});
