import { agent, call, customer, ruleTester } from '../helpers/rule-tester.js';

ruleTester('banned.vulgar', {
  valid: [
    '妈妈您好,请问孩子的学籍号是多少?',
    '您妈妈的卡也可以一起办理。',
    '我帮您操作一下,马上就好。',
    '页面往下滚动就能看到退款按钮。',
    '废物回收点在小区东门。',
    '您家里有病人需要照顾吗?',
    call(agent('您好,这里是城东供电局。'), customer('他妈的又停电了,你们是不是有病')),
  ],
  invalid: [
    { code: '他妈的系统又卡了', findings: [{ turn: 0, text: '他妈的' }] },
    { code: '他媽的又不行了', findings: [{ turn: 0, text: '他媽的' }] },
    { code: '神经病', findings: [{ turn: 0, text: '神经病' }] },
    { code: '有病吧你', findings: [{ turn: 0, text: '有病吧' }] },
    { code: '你是不是傻', findings: [{ turn: 0, text: '你是不是傻' }] },
    { code: '白痴,这都不会', findings: [{ turn: 0, text: '白痴' }] },
    { code: '卧 槽', findings: [{ turn: 0, text: '卧 槽' }] },
    { code: '滚出去', findings: [{ turn: 0, text: '滚出去' }] },
    {
      code: call(agent('您好,工号0815。'), customer('你们怎么这么慢'), agent('你算什么东西')),
      findings: [{ turn: 2, text: '你算什么东西' }],
    },
  ],
});
