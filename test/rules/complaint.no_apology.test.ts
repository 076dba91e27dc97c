import { agent, call, chat, customer, ruleTester, system } from '../helpers/rule-tester.js';

ruleTester('complaint.no_apology', {
  valid: [
    call(agent('您好'), customer('我要投诉你们的快递员'), agent('非常抱歉给您带来不便,请您说一下情况。')),
    call(agent('您好'), customer('太慢了'), system('正在为您转接'), customer('怎么回事'), agent('对不起,让您久等了')),
    chat(agent('您好'), customer('我要投訴'), agent('不好意思,我马上帮您处理')),
    call(agent('您好'), customer('你们这是什么服务'), agent('我理解您的心情,我来帮您解决')),
    call(agent('您好'), customer('太差劲了'), agent('您别着急,我这就帮您查')),
    // not a complaint
    call(agent('您好'), customer('我很满意,谢谢'), agent('不客气')),
    call(agent('您好'), customer('我想问一下账单'), agent('好的')),
    call(agent('您好'), customer('请问你们有什么服务项目?'), agent('我们提供上门维修和安装')),
    // 太满了 (too full) sounds like 太慢了
    call(agent('您好'), customer('快递柜太满了,放不进去'), agent('好的,我帮您改成送货上门')),
    // the agent saying 投诉 is not a customer complaint
    call(agent('您好,投诉请按1,咨询请按2'), agent('请讲')),
    // empathy in new words answers it; a condition is no complaint
    call(agent('您好'), customer('这也太慢了'), agent('您先消消气 我马上催')),
    call(agent('您好'), customer('如果还是太慢的话 我就退了'), agent('好的 我先帮您催一下')),
    // a complaint with no agent turn after it
    call(agent('您好'), customer('你们太过分了')),
  ],
  invalid: [
    { code: call(agent('您好'), customer('我要投诉你们'), agent('请问什么问题?')), findings: [{ turn: 2 }] },
    { code: chat(agent('您好'), customer('等了三天还没发货,太慢了'), agent('订单号多少')), findings: [{ turn: 2 }] },
    // complaints without a trigger word: a judgement, a reproach, being passed around, a threat
    { code: call(agent('您好'), customer('你们这售后也太不靠谱了'), agent('您把单号发我')), findings: [{ turn: 2 }] },
    { code: call(agent('您好'), customer('停气怎么不提前说一声'), agent('公告贴在楼下')), findings: [{ turn: 2 }] },
    { code: call(agent('您好'), customer('门店让我找你们 你们又让我去门店'), agent('这个要门店处理')), findings: [{ turn: 2 }] },
    { code: chat(agent('您好'), customer('再不处理我就给你们差评'), agent('订单号多少')), findings: [{ turn: 2 }] },
    // 对不齐 (misaligned) sounds like 对不起 but is no apology
    { code: call(agent('您好'), customer('你们这账单怎么回事'), agent('账单上两行数字对不齐')), findings: [{ turn: 2 }] },
    // the apology must be in the NEXT agent turn
    {
      code: call(agent('您好'), customer('你们这是什么服务'), agent('我们的服务时间是九点到五点'), agent('对不起')),
      findings: [{ turn: 2 }],
    },
    // every complaint needs its own answer
    {
      code: call(agent('您好'), customer('太慢了'), agent('请稍等'), customer('什么态度'), agent('嗯')),
      findings: [{ turn: 2 }, { turn: 4 }],
    },
    // a system line in between is skipped; the IVR's apology does not count
    { code: call(agent('您好'), customer('怎么回事啊'), system('抱歉,正在为您转接'), agent('您说')), findings: [{ turn: 3 }] },
  ],
});
