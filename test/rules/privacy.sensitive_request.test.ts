import { agent, call, chat, customer, ruleTester, system } from '../helpers/rule-tester.js';

ruleTester('privacy.sensitive_request', {
  valid: [
    // security warnings that mention the secret
    '请不要把验证码告诉任何人,包括我们的客服。',
    '我们不会向您索要密码。',
    '验证码千万别告诉别人。',
    '您不用告诉我密码。',
    '请提供一下您的身份证后四位,不需要提供密码。',
    '无需提供验证码。',
    '验证码是用来确认本人操作的,请勿泄露。',
    // a question about the customer, not a request
    '您是不是不知道密码?可以在APP里重置。',
    // secret and request in different clauses
    '您的密码可以在APP里重置,请提供一下卡号。',
    '请您告诉我取件码。',
    // questions ABOUT the secret, not for it
    '您的密码是多少位的?',
    '密码输错的次数是多少?',
    '验证码有效期是多少分钟?',
    '您说一下收到验证码没有?',
    '密码改好了跟我说一下。',
    // the customer offering it, or the IVR asking for it on the keypad
    call(agent('您好,这里是城东银行。'), customer('我把验证码告诉你吧,是多少来着')),
    call(system('请输入您的取款密码,以井号键结束'), agent('您好,请问有什么可以帮您?')),
    // card and ID digits are not secrets; a code typed in by the customer is not asked for
    '麻烦报一下身份证的后四位',
    '短信里有个链接 您点开看一下',
    '验证码您在页面上自己输入就行，不用告诉我',
    // the clause after the secret is a warning, not a request
    '验证码，千万不要发给别人',
  ],
  invalid: [
    { code: '请把短信验证码报给我。', findings: [{ turn: 0, text: '验证码' }] },
    { code: '请问您的验证码是多少?', findings: [{ turn: 0, text: '验证码' }] },
    { code: '您说一下密码,我帮您登录。', findings: [{ turn: 0, text: '密码' }] },
    { code: '請把驗證碼告訴我', findings: [{ turn: 0, text: '驗證碼' }] },
    { code: '麻烦把卡背面三位数字念一下', findings: [{ turn: 0, text: '卡背面三位' }] },
    { code: 'CVV是多少?', findings: [{ turn: 0, text: 'CVV' }] },
    { code: 'ｃｖｖ是多少', findings: [{ turn: 0, text: 'ｃｖｖ' }] },
    { code: '您的PIN码提供一下', findings: [{ turn: 0, text: 'PIN码' }] },
    // a warning in another clause does not excuse the request
    { code: '您不用担心,把验证码报给我就行。', findings: [{ turn: 0, text: '验证码' }] },
    // one finding per turn
    { code: '把密码和验证码都告诉我', findings: [{ turn: 0, text: '密码' }] },
    { code: chat(agent('您好'), customer('登不上'), agent('验证码发给我')), findings: [{ turn: 2, text: '验证码' }] },
    // the secret described rather than named
    { code: '麻烦您把卡片背面签名条上那三位数报一下', findings: [{ turn: 0, text: '背面签名条上那三位数' }] },
    { code: '我这边给您发了短信 短信里面那个六位数字您念一下', findings: [{ turn: 0, text: '短信里面那个六位数字' }] },
    // the request first, the secret after a description of it
    { code: '请您提供一下我们刚刚给您手机发的验证码', findings: [{ turn: 0, text: '验证码' }] },
    // the request in a short clause right after the secret
    { code: '您的登录密码，您发过来就行', findings: [{ turn: 0, text: '密码' }] },
    // request verbs in colloquial forms, and the bare question
    { code: '把支付密码发我一下', findings: [{ turn: 0, text: '密码' }] },
    { code: '您的取款密码多少？', findings: [{ turn: 0, text: '密码' }] },
  ],
});
