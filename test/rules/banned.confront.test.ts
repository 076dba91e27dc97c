import { agent, call, customer, ruleTester } from '../helpers/rule-tester.js';

ruleTester('banned.confront', {
  valid: [
    // 我不管 in a promise
    '我不管多晚都会帮您处理好。',
    '我不管您什么时候打来,都会第一时间帮您处理。',
    '您好,请问您找哪一位?',
    '请问您来办理什么业务?',
    '您的投诉我已经记录下来了。',
    '可能是我没解释清楚,我换个方式再说一遍。',
    '对不起,是我态度不好,请您原谅。',
    '具体以系统审核结果为准。',
    // the customer says it
    call(agent('您好,这里是安居燃气公司。'), customer('我不管,你们今天必须给我修好,我说了算')),
  ],
  invalid: [
    { code: '我不管,规定就是这样。', findings: [{ turn: 0, text: '我不管' }] },
    { code: '我不管您怎么说,规定就是这样。', findings: [{ turn: 0, text: '我不管' }] },
    { code: '我就这态度。', findings: [{ turn: 0, text: '我就这态度' }] },
    { code: '我就这态度,你爱找谁找谁', findings: [{ turn: 0, text: '我就这态度' }, { turn: 0, text: '你爱找谁找谁' }] },
    { code: '这里到底是我说了算还是你说了算?', findings: [{ turn: 0, text: '我说了算还是你说了算' }] },
    { code: '手续不全你来干什么?', findings: [{ turn: 0, text: '手续不全你来干什么' }] },
    { code: '喂,你找谁?', findings: [{ turn: 0, text: '喂,你找谁' }] },
    { code: '喂 你找谁', findings: [{ turn: 0, text: '喂 你找谁' }] },
    { code: '你听不懂吗?', findings: [{ turn: 0, text: '你听不懂吗' }] },
    { code: '你去投诉吧', findings: [{ turn: 0, text: '你去投诉吧' }] },
    { code: '这是你自己的问题。', findings: [{ turn: 0, text: '你自己的问题' }] },
    {
      code: call(agent('您好,工号2046,请问有什么可以帮您?'), customer('上次说好的退款呢'), agent('我才不管那些')),
      findings: [{ turn: 2, text: '我才不管' }],
    },
  ],
});
