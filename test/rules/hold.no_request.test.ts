import { agent, call, chat, customer, hold, named, ruleTester, system, tunedPack, withEvents } from '../helpers/rule-tester.js';

const greeting = agent('您好,工号6060,请问有什么可以帮您?', 0, 4);

ruleTester('hold.no_request', {
  valid: [
    // a hold after a wait request
    withEvents(
      call(greeting, customer('帮我查一下积分', 4.5, 6), agent('好的,请您稍等,我帮您查询', 6.5, 9), agent('让您久等了,您有三千积分', 40, 44)),
      hold(9.5, 39.5),
    ),
    // a long silence after a wait request (Traditional, spaced)
    call(greeting, customer('查一下话费', 5, 6), agent('請 稍 等', 7, 8), customer('好', 8.5, 9), agent('感谢您的耐心等待,话费是五十元', 40, 43)),
    // just under the gap
    call(greeting, customer('我要改地址', 5, 7), agent('好的,新地址是哪里?', 21.9, 23)),
    // an agent answering at length in two turns leaves no silence
    call(greeting, customer('怎么开发票', 5, 7), agent('好的 发票在订单详情里申请', 7.5, 20), agent('开好以后会发到您邮箱', 20.5, 24)),
    // untimed turns cannot show a gap
    call(agent('您好,工号6060'), customer('查快递'), agent('单号多少')),
    // the gap counts from the customer's turn: a long agent monologue is not a gap
    call(greeting, agent('另外提醒您一下', 30, 32)),
    // an IVR line in between neither creates nor excuses a wait
    call(greeting, customer('查余额', 5, 6), agent('请稍等', 7, 8), system('音乐播放中', 8, 30), agent('感谢等待,余额是一百元', 31, 33)),
  ],
  invalid: [
    // a hold with no wait request before it
    {
      code: withEvents(call(greeting, customer('帮我查一下积分', 4.5, 6), agent('好的', 6.5, 7), agent('您有三千积分', 40, 44)), hold(7.5, 39.5)),
      findings: [{ turn: 3 }],
    },
    // 好的 and then silence: the customer is still waiting, counted from their last words
    { code: call(greeting, customer('帮我看下物流', 5, 7), agent('好的', 7.5, 8), agent('物流到杭州了', 30, 32)), findings: [{ turn: 3 }] },
    // the gap boundary is inclusive: 15 s after the customer stopped
    { code: call(greeting, customer('我要改地址', 5, 7), agent('好的,新地址是哪里?', 22, 23)), findings: [{ turn: 2 }] },
    // the wait request must be in the agent's previous turn, not an earlier one
    {
      code: call(agent('您好,请稍等', 0, 2), customer('好', 2.5, 3), agent('您说', 3.5, 4), customer('查电费', 4.5, 5), agent('电费八十元', 25, 26)),
      findings: [{ turn: 4 }],
    },
    // a system line's 请稍等 is not the agent's
    {
      code: call(greeting, customer('查余额', 5, 6), system('请稍等,正在为您查询', 6.5, 7), agent('余额是一百元', 30, 32)),
      findings: [{ turn: 3 }],
    },
    // chats too: a first reply 15 s or more after the customer (contract 3.1)
    { code: chat(customer('在吗', 0, 1), agent('您好,请问有什么可以帮您?', 16, 17)), findings: [{ turn: 1 }] },
    // a wait request said by the customer does not count
    {
      code: withEvents(call(greeting, customer('您稍等,我找下单号', 5, 7), agent('好的', 7.5, 8), agent('您说', 30, 31)), hold(8.5, 29.5)),
      findings: [{ turn: 3 }],
    },
  ],
});

ruleTester('hold.no_request', {
  pack: tunedPack({ 'hold.no_request': { options: { gapSeconds: 30 } } }),
  valid: [named('a pack with gapSeconds 30: a 20 s gap is fine', call(greeting, customer('我要改地址', 5, 7), agent('新地址是哪里?', 27, 28)))],
  invalid: [{ name: 'a pack with gapSeconds 30: 30 s is too long', code: call(greeting, customer('我要改地址', 5, 7), agent('新地址是哪里?', 37, 38)), findings: [{ turn: 2 }] }],
});
