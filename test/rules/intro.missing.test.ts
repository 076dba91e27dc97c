import { agent, call, chat, customer, ruleTester, system } from '../helpers/rule-tester.js';

ruleTester('intro.missing', {
  valid: [
    '您好,这里是建设银行,请讲。',
    '你好,工号三零二一,请问有什么可以帮您?',
    '您好,我是十二号客服。',
    '您好,12号为您服务。',
    '您好,幸福里物业管理处。',
    '您好 工号幺零二四',
    '您好,工号为1024。',
    '您好,联通客服,请问有什么可以帮您?',
    // chats do not need an introduction
    chat(agent('您好,请问有什么可以帮您?')),
    // only the first agent turn counts, and the customer's first turn is not it
    call(customer('喂,你好'), agent('您好,城东供电局,工号0420。'), customer('我家停电了'), agent('好的')),
  ],
  invalid: [
    { code: '您好,请问有什么可以帮您?', findings: [{ turn: 0 }] },
    { code: '您好,我是客服。', findings: [{ turn: 0 }] },
    { code: '您好,请问您的订单号是多少?', findings: [{ turn: 0 }] },
    // introducing itself later is too late
    { code: call(agent('您好'), customer('你好'), agent('这里是建设银行,工号5512')), findings: [{ turn: 0 }] },
    // the IVR naming the company is not the agent's introduction
    { code: call(system('欢迎致电城北燃气公司'), agent('您好,请讲'), customer('我家燃气表坏了')), findings: [{ turn: 1 }] },
    { code: call(customer('喂?'), agent('您好,很高兴为您服务')), findings: [{ turn: 1 }] },
  ],
});
