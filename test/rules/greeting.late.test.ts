import { agent, call, chat, customer, ruleTester, system } from '../helpers/rule-tester.js';

ruleTester('greeting.late', {
  valid: [
    '您好,请问有什么可以帮您?',
    // greeting.missing, not greeting.late, when no agent turn greets
    call(agent('请讲'), customer('你好'), agent('嗯,您说')),
    // a later greeting after a first one is not late
    call(agent('您好,这里是海港物业。'), customer('我要报修'), agent('好的,早上好王先生,您说')),
    // the IVR greeted, the agent greets in its first turn
    call(system('您好,欢迎致电'), agent('你好,工号1188,请问有什么可以帮您?')),
  ],
  invalid: [
    { code: call(agent('请讲。'), customer('我想查下水费'), agent('您好,这里是城南水务,您请说。')), findings: [{ turn: 2, text: '您好' }] },
    { code: chat(agent('稍等'), customer('好'), agent('晚上好,让您久等了')), findings: [{ turn: 2, text: '晚上好' }] },
    { code: call(agent('喂'), agent('歡迎光臨')), findings: [{ turn: 1, text: '歡迎光臨' }] },
    // only the first greeting counts
    { code: call(agent('喂?'), customer('喂'), agent('您 好'), customer('嗯'), agent('您好')), findings: [{ turn: 2, text: '您 好' }] },
    // an IVR greeting does not make the agent's late one on time
    { code: call(system('您好'), agent('说吧'), customer('我要改套餐'), agent('你好,请问改哪个套餐?')), findings: [{ turn: 3, text: '你好' }] },
  ],
});
