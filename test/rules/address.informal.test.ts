import { agent, call, chat, customer, ruleTester } from '../helpers/rule-tester.js';

ruleTester('address.informal', {
  valid: [
    // 你 once is not enough
    '你说的情况我记下了。',
    // 你好, 你们, 迷你 are not the pronoun
    '你好,你们的迷你套餐已经开通了。',
    // as many 您 as 你
    call(agent('您好,你说的问题'), agent('您放心,你等我一下')),
    // the customer's 你 is not counted
    call(agent('您好'), customer('你们到底修不修?你说话啊,你听见没有')),
    // more 您 later withdraws the provisional finding
    call(agent('你说的问题,你别急'), customer('好'), agent('您放心,您的问题我们今天处理,您留意短信')),
    {
      code: '你好,请讲',
      name: '你好 alone is a greeting',
    },
    // punctuation is dropped before segmenting: the 你 of 你好 must still not count
    call(agent('你好,你说'), customer('我要开发票')),
  ],
  invalid: [
    { code: '你先别急,你把订单号发我。', findings: [{ turn: 0, text: '你' }] },
    // reported at the first agent turn that uses 你, with the span of its first pronoun
    {
      code: call(agent('早上好,请问是什么问题?'), customer('网打不开'), agent('这个要你自己重启'), customer('重启了'), agent('那你再等等')),
      findings: [{ turn: 2, text: '你' }],
    },
    { code: call(agent('您好,你说'), customer('嗯'), agent('你看一下短信,你收到没有')), findings: [{ turn: 0, text: '你' }] },
    { code: chat(agent('你 看 下'), agent('你 收 到 了 吗')), findings: [{ turn: 0, text: '你' }] },
    // 您 fewer than 你
    { code: call(agent('您好'), agent('你说,你慢慢说')), findings: [{ turn: 1, text: '你' }] },
  ],
});
