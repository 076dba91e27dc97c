import { agent, call, chat, customer, ruleTester, system } from '../helpers/rule-tester.js';

ruleTester('closing.no_further_help', {
  valid: [
    '请问还有什么可以帮您?感谢您的来电,再见!',
    call(agent('您好,工号1010。'), customer('帮我查下余额'), agent('您的余额是二百元,还有其他问题吗?'), customer('没了'), agent('感谢来电,再见')),
    chat(agent('您好'), agent('還有別的事嗎?'), customer('沒有了'), agent('祝您生活愉快')),
    // without a farewell, the question only has to come before the agent's last turn ends
    call(agent('您好'), customer('查一下话费'), agent('已经发短信给您了,您还有别的需要吗')),
    call(agent('您好,还有没有其他问题?'), customer('没有'), agent('好的')),
  ],
  invalid: [
    // farewell without the question
    { code: call(agent('您好'), customer('谢谢'), agent('再见')), findings: [{ turn: 2 }] },
    // the question after the farewell is too late
    { code: call(agent('您好'), customer('谢谢'), agent('再见,还有什么可以帮您?')), findings: [{ turn: 2 }] },
    // no farewell and no question
    { code: call(agent('您好'), customer('查一下话费'), agent('已经发短信给您了')), findings: [{ turn: 2 }] },
    { code: '好的', findings: [{ turn: 0 }] },
    // the turn is the agent's last, even when the customer or the IVR speaks after it
    { code: call(agent('您好'), agent('祝您愉快'), customer('拜拜'), system('通话结束')), findings: [{ turn: 1 }] },
    // the customer's question does not count
    { code: chat(agent('您好'), customer('还有什么可以帮我的吗'), agent('没有了,再见')), findings: [{ turn: 2 }] },
    // nor the IVR's
    { code: call(agent('您好'), system('请问还有什么可以帮您'), agent('再见')), findings: [{ turn: 2 }] },
  ],
});
