import { agent, call, chat, customer, ruleTester, system } from '../helpers/rule-tester.js';

ruleTester('response.slow', {
  valid: [
    // first reply exactly 30 s, later reply exactly 60 s: the limits are exclusive
    chat(customer('在吗', 0, 1), agent('您好,请问有什么可以帮您?', 31, 32), customer('我的订单没发货', 40, 41), agent('请提供订单号', 101, 102)),
    // calls are not judged
    call(customer('喂', 0, 1), agent('您好,工号1234', 100, 102)),
    // untimed chat
    chat(customer('在吗'), agent('您好')),
    // an agent turn after an agent turn is not a reply
    chat(customer('在吗', 0, 1), agent('您好', 10, 11), agent('请问有什么可以帮您', 200, 201)),
    // a system line between is skipped: the reply is measured from the customer
    chat(customer('在吗', 0, 1), system('已为您转接人工客服', 2, 3), agent('您好', 25, 26)),
  ],
  invalid: [
    // first reply over 30 s
    { code: chat(customer('在吗', 0, 1), agent('您好,请问有什么可以帮您?', 31.5, 32.5)), findings: [{ turn: 1 }] },
    // a later reply over 60 s
    {
      code: chat(customer('在吗', 0, 1), agent('您好', 5, 6), customer('我的订单没发货', 10, 11), agent('请稍等', 71.5, 72.5)),
      findings: [{ turn: 3 }],
    },
    // measured from the customer's last message before the reply
    {
      code: chat(customer('在吗', 0, 1), agent('您好', 5, 6), customer('查物流', 10, 11), customer('单号123', 20, 21), agent('好的', 82, 83)),
      findings: [{ turn: 4 }],
    },
    // a system line does not count as a reply
    { code: chat(customer('在吗', 0, 1), system('欢迎咨询', 2, 3), agent('您好', 40, 41)), findings: [{ turn: 2 }] },
  ],
});
