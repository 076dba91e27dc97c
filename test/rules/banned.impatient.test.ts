import { agent, call, chat, customer, ruleTester, system } from '../helpers/rule-tester.js';

ruleTester('banned.impatient', {
  valid: [
    // 快点 inside another word
    '请您尽快点击短信里的链接完成验证。',
    '您可以点击快捷支付,再输入手机号。',
    '我们会尽快处理,请您放心。',
    // hurrying for the customer, an option, a time that comes
    '我尽量快点给您办好。',
    '您明天再来也可以,或者我帮您预约上门。',
    '师傅下午到点了会给您打电话。',
    // a welcome, not a brush-off
    '欢迎您明天再来,我们九点开门。',
    '今天系统维护,欢迎您改天再来办理。',
    '营业时间是早上九点到下午五点。',
    '我再给您详细说一遍。',
    '您先别着急,我马上帮您查。',
    '不好意思,又来麻烦您了。',
    // ordinary words that sound like a banned phrase
    '您的包裹已经到店了,凭取件码领取。',
    '您需要记什么吗?我帮您发短信。',
    // the customer may be impatient; the IVR may announce closing time
    call(agent('您好,这里是顺达快递客服中心。'), customer('快点说,我赶时间,你们要下班了吧')),
    chat(system('客服马上要下班了,请留言'), agent('您好,很高兴为您服务。')),
  ],
  invalid: [
    { code: '快点说,后面还有人排队。', findings: [{ turn: 0, text: '快点说' }] },
    { code: '快點', findings: [{ turn: 0, text: '快點' }] },
    { code: '你 快 点 儿', findings: [{ turn: 0, text: '你 快 点 儿' }] },
    { code: '我们快下班了,您明天再来吧。', findings: [{ turn: 0, text: '快下班了' }, { turn: 0, text: '明天再来' }] },
    { code: '到点了,明天再说。', findings: [{ turn: 0, text: '到点了' }, { turn: 0, text: '明天再说' }] },
    { code: '今天没空', findings: [{ turn: 0, text: '今天没空' }] },
    // 欢迎 in another clause does not excuse it
    { code: '欢迎。明天再来吧', findings: [{ turn: 0, text: '明天再来' }] },
    {
      code: '刚才和你说过了,怎么还问?',
      findings: [{ turn: 0, text: '刚才和你说过了' }, { turn: 0, text: '怎么还问' }],
    },
    { code: '着什么急', findings: [{ turn: 0, text: '着什么急' }] },
    { code: '著什麼急', findings: [{ turn: 0, text: '著什麼急' }] },
    { code: '没看我正忙着吗?', findings: [{ turn: 0, text: '没看我正忙着' }] },
    { code: '你烦不烦啊', findings: [{ turn: 0, text: '烦不烦' }] },
    {
      code: chat(agent('您好,请问有什么可以帮您?', 0, 1), customer('你们的会员怎么退?', 5, 6), agent('有完没完', 10, 11)),
      findings: [{ turn: 2, text: '有完没完' }],
    },
  ],
});
