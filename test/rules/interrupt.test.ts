import { agent, call, chat, customer, ruleTester, system } from '../helpers/rule-tester.js';

const greeting = agent('您好,工号7070,请问有什么可以帮您?', 0, 4);

ruleTester('interrupt', {
  valid: [
    // starts after the customer finished
    call(greeting, customer('我的宽带断了', 4.5, 7), agent('请问您的宽带账号是多少?', 7.5, 10)),
    // overlaps by less than a second
    call(greeting, customer('我的宽带断了', 4.5, 7), agent('好的', 6.25, 7.5)),
    // the customer talking over the agent is not the agent's fault
    call(greeting, customer('等一下,我先说', 2, 5), agent('您请说', 5.5, 6)),
    // untimed
    call(agent('您好'), customer('我的宽带断了'), agent('好的')),
    // an IVR line overlapping is not judged
    call(greeting, customer('转人工', 4.5, 8), system('正在转接', 5, 6)),
  ],
  invalid: [
    // inclusive boundary: exactly one second before the customer stops
    { code: call(greeting, customer('我的宽带断了,从昨天开始', 4.5, 9.5), agent('账号多少', 8.5, 10)), findings: [{ turn: 2 }] },
    { code: call(greeting, customer('我想问一下那个套餐的费用', 4.5, 10), agent('套餐是五十八元', 6, 9)), findings: [{ turn: 2 }] },
    // chats too
    { code: chat(customer('你好我想咨询一下退货', 0, 20), agent('您好,请说', 10, 11)), findings: [{ turn: 1 }] },
  ],
});
