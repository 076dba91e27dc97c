import { agent, call, chat, customer, named, ruleTester, system } from '../helpers/rule-tester.js';

ruleTester('banned.shirk', {
  valid: [
    // polite questions and questions about what the customer knows
    '不知道您什么时候方便接听回访电话?',
    '不知道您这边方便提供一下订单号吗?',
    '您是不是不知道新密码怎么设置?',
    '您知不知道快递是哪家公司送的?',
    '如果您不知道账户名,可以用身份证号查询。',
    '不知道的话我可以一步一步教您。',
    '不知道能否麻烦您再核对一下地址?',
    '有不清楚的地方随时问我。',
    '如有不清楚的条款,您可以随时来电咨询。',
    '信号不太好,我这边听不清楚,您再说一遍好吗?',
    '我帮您问一下负责的同事。',
    '我去问别人一下,稍后给您回复。',
    '不知道能不能帮到您?',
    '这个问题由我来负责跟进。',
    '您的意见我会反馈给领导。',
    '您也可以在APP里自行查询进度。',
    // said by the customer, or by the IVR
    call(agent('您好,这里是光华物业客服中心。'), customer('我也不知道怎么回事,问别人去也没人管。')),
    call(system('不知道如何操作请按零。'), agent('您好,请问有什么可以帮您?')),
    chat(customer('不清楚'), agent('您好,我帮您查一下。')),
    '不清楚的地方随时问我。',
    // ordinary words that only sound like a banned phrase (pinyin matching of ASR slips)
    '营业网点的地址我发到您手机上了。',
    '缓存数据不清除也没关系。',
  ],
  invalid: [
    { code: '这个我也不知道。', findings: [{ turn: 0, text: '不知道' }] },
    { code: '这个不清楚。', findings: [{ turn: 0, text: '不清楚' }] },
    { code: '我不知道,您问别人去吧。', findings: [{ turn: 0, text: '不知道' }, { turn: 0, text: '问别人去' }] },
    // 不知道 followed by a new clause to the customer is not a polite question
    { code: '不知道。您问别人吧', findings: [{ turn: 0, text: '不知道' }, { turn: 0, text: '问别人吧' }] },
    // Traditional, spaced, punctuated and decorated forms
    { code: '不知道,問別人去', findings: [{ turn: 0, text: '不知道' }, { turn: 0, text: '問別人去' }] },
    { code: '這與我無關', findings: [{ turn: 0, text: '與我無關' }] },
    // overlapping phrases (你问别人 / 问别人去) are one finding over their union
    { code: '你問別人去', findings: [{ turn: 0, text: '你問別人去' }] },
    { code: '不 知 道', findings: [{ turn: 0, text: '不 知 道' }] },
    { code: '不,知,道', findings: [{ turn: 0, text: '不,知,道' }] },
    { code: '不*知*道', findings: [{ turn: 0, text: '不*知*道' }] },
    { code: '不　知　道', findings: [{ turn: 0, text: '不　知　道' }] },
    { code: '我不知道，问别人去！', findings: [{ turn: 0, text: '不知道' }, { turn: 0, text: '问别人去' }] },
    { code: '不\u200b知\u200d道', findings: [{ turn: 0, text: '不\u200b知\u200d道' }] },
    { code: '我不知道,ＷＥＮ別人去', findings: [{ turn: 0, text: '不知道' }] },
    { code: '这个我不知道', findings: [{ turn: 0, text: '不知道' }] },
    // speech-recognition slips of a banned phrase
    { code: '问别人趣', findings: [{ turn: 0, text: '问别人趣' }] },
    { code: '这个我不知到', findings: [{ turn: 0, text: '不知到' }] },
    // the rest of the 推诿 list
    { code: '这不是我管的事', findings: [{ turn: 0, text: '这不是我管的' }] },
    { code: '那个不归我管', findings: [{ turn: 0, text: '不归我管' }] },
    { code: '有意见找领导去', findings: [{ turn: 0, text: '有意见找领导去' }] },
    { code: '规定上都写着,自己查去', findings: [{ turn: 0, text: '自己查去' }] },
    // 你自己问物流公司去 pushes the customer off twice over (do-it-yourself and send-elsewhere): one finding, their union
    { code: '你自己问物流公司去吧', findings: [{ turn: 0, text: '你自己问物流公司去' }] },
    // a later turn, in a chat, with the customer in between
    {
      code: chat(agent('您好,很高兴为您服务。'), customer('我的退款到哪一步了?'), agent('不清楚,跟我没关系。')),
      findings: [{ turn: 2, text: '不清楚' }, { turn: 2, text: '跟我没关系' }],
    },
    {
      name: 'each agent turn with the phrase is a finding',
      code: call(agent('我不知道'), customer('那怎么办'), agent('我还是不知道')),
      findings: [{ turn: 0, text: '不知道' }, { turn: 2, text: '不知道' }],
    },
    { code: '我根本不知道', findings: [{ turn: 0, text: '不知道' }] },
    {
      code: '我真不知道',
      findings: [{ turn: 0, text: '不知道' }],
    },
    {
      code: '这个我并不知道',
      findings: [{ turn: 0, text: '不知道' }],
    },
    {
      name: 'the IVR line before does not excuse the agent',
      code: named('system then agent', call(system('您好,欢迎致电'), agent('不知道'))),
      findings: [{ turn: 1, text: '不知道' }],
    },
  ],
});
