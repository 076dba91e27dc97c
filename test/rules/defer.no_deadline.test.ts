import { agent, call, chat, customer, ruleTester } from '../helpers/rule-tester.js';

ruleTester('defer.no_deadline', {
  valid: [
    '核实后我们会在两个工作日内联系您。',
    '今天下班前给您回电。',
    '我们二十四小时内给您回复。',
    '明天上午十点前答复您。',
    '下周一给您答复。',
    '我们3天内回覆您。',
    '请问怎么联系您比较方便?',
    '我帮您查询一下,请稍等。',
    // 恢复 (restore) sounds like 回复 (reply)
    '我这边给您恢复一下网络。',
    '已经恢复您的账户了。',
    // the customer asking for a callback is not the agent's promise
    call(agent('您好,这里是城北燃气公司。'), customer('你们查好了给我回电')),
  ],
  invalid: [
    { code: '核实后给您回电。', findings: [{ turn: 0, text: '给您回电' }] },
    { code: '结果出来后第一时间通知您。', findings: [{ turn: 0, text: '通知您' }] },
    { code: '稍后我们会反馈给您。', findings: [{ turn: 0, text: '反馈给您' }] },
    { code: '我们会回覆您。', findings: [{ turn: 0, text: '回覆您' }] },
    // the time must be in the same turn
    {
      code: call(agent('您好,工号2233。'), customer('什么时候有结果'), agent('我们会尽快给您答复'), customer('要多久'), agent('两个工作日吧')),
      findings: [{ turn: 2, text: '给您答复' }],
    },
    {
      code: chat(agent('您好', 0, 1), customer('我的退款呢', 5, 6), agent('已经提交了,有进展会联系您', 20, 21)),
      findings: [{ turn: 2, text: '联系您' }],
    },
  ],
});
