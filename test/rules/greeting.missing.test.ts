import { agent, call, chat, customer, ruleTester, system } from '../helpers/rule-tester.js';

ruleTester('greeting.missing', {
  valid: [
    '您好,这里是城西燃气公司,请问有什么可以帮您?',
    '你好,工号3306。',
    '早上好,很高兴为您服务。',
    '下午好',
    '您 好',
    '歡迎光臨',
    chat(customer('在吗'), agent('您好,请问有什么可以帮您?')),
    // a late greeting withdraws greeting.missing (greeting.late reports it instead)
    call(agent('请讲。'), customer('我想查下水费'), agent('您好,这里是城南水务,您请说。')),
    chat(agent('稍等'), agent('晚上好,让您久等了')),
    // no agent turn at all: nothing is due
    call(customer('喂?有人吗?')),
  ],
  invalid: [
    { code: '请讲。', findings: [{ turn: 0 }] },
    // 您好好休息 is not a greeting
    { code: '您好好休息,有问题再来电。', findings: [{ turn: 0 }] },
    // the turn is the agent's first, after the customer
    { code: call(customer('你好,我的快递丢了'), agent('单号多少?'), customer('SF123'), agent('在查了')), findings: [{ turn: 1 }] },
    // an IVR greeting is not the agent's
    { code: call(system('您好,欢迎致电光明电力,正在为您转接人工'), agent('请讲'), customer('我家停电了')), findings: [{ turn: 1 }] },
    // the customer's greeting does not count either
    { code: chat(customer('你好'), agent('什么事'), customer('查订单'), agent('订单号发一下')), findings: [{ turn: 1 }] },
  ],
});
