/**
 * Deterministic benchmark corpus: customer-service calls and chats built from
 * turn templates written for this benchmark (nothing from the evaluation sets).
 *
 * The same seed always gives the same transcripts. A share is written in
 * Traditional characters and a share in ASR style (no punctuation, spaces,
 * fillers, homophone slips); most conversations are compliant, a few carry a
 * banned phrase, a missing greeting, an unthanked hold or an unanswered complaint.
 */
import * as OpenCC from 'opencc-js';
import type { TranscriptInput } from '../src/index.js';
import { seededRandom } from '../src/util/seeded-random.js';

type TurnInput = TranscriptInput['turns'][number];
type EventInput = NonNullable<TranscriptInput['events']>[number];

interface Domain {
  organisations: string[];
  items: string[];
  problems: string[];
  details: string[];
  answers: string[];
}

const DOMAINS: Domain[] = [
  {
    organisations: ['招商银行', '建设银行', '浦发银行信用卡中心', '农商银行'],
    items: ['信用卡', '储蓄卡', '分期账单', '临时额度', '网银盾', '还款账户'],
    problems: [
      '我这张{item}昨天晚上被扣了一笔钱,我根本没有消费过',
      '我想问一下{item}的还款日能不能往后调几天',
      '你们的{item}怎么突然用不了了,刷卡的时候一直提示交易失败',
      '我上个月办了{item},到现在卡片还没有寄到',
      '我想把{item}的额度提高一点,下个月要出差用',
      '我的{item}好像被锁了,手机银行登不上去',
    ],
    details: [
      '卡号尾号是{digits4},开户的时候留的是我本人的手机号',
      '就是{date}那天下午两点多,在一家超市扣了{amount}块钱',
      '我在手机银行里面看到的,显示的是一笔境外消费',
      '我姓{surname},身份证后四位是{digits4}',
      '我一般都是自动还款的,这个月不知道为什么没扣成功',
    ],
    answers: [
      '我这边看到您这笔交易目前是待入账状态,还没有真正扣款',
      '您的{item}还款日可以在每个账单周期调整一次,我现在帮您提交申请',
      '系统显示您的{item}因为连续输错密码被临时锁定了,需要您本人持身份证到网点解锁',
      '您这张卡的寄送单号我已经查到了,预计{weekday}可以送达',
      '根据您近期的用卡情况,目前可以给您提升{amount}元的临时额度,有效期三十天',
    ],
  },
  {
    organisations: ['中国移动', '联通客服', '电信营业厅', '广电宽带服务中心'],
    items: ['套餐', '宽带', '流量包', '副卡', '固话', '话费账单'],
    problems: [
      '我这个月的{item}怎么比平时多了好几十块',
      '家里的{item}从前天开始就一直断断续续的,打游戏老掉线',
      '我想把现在的{item}换成便宜一点的,每个月用不了那么多',
      '我没开通过什么{item},为什么每个月都扣我钱',
      '我搬家了,想把{item}迁到新地址去',
    ],
    details: [
      '号码是一三八{digits4}{digits4},机主是我爱人',
      '新地址在{district}的{street},小区叫{estate}',
      '我一般就打打电话,流量每个月也就用个三四个G',
      '路由器上面有个红灯一直在闪,我重启了好几次也没用',
      '我记得是{date}营业厅的人帮我办的,当时说是免费体验',
    ],
    answers: [
      '我查了一下,您这个月多出来的费用是一笔视频会员的增值业务',
      '您所在的小区最近在做线路升级,我这边给您登记一个故障工单,师傅会上门检测',
      '目前有一个{amount}元的月租套餐,包含三十个G的通用流量和两百分钟通话',
      '这个增值业务是{date}开通的,我现在先帮您退订,已经扣的费用我帮您申请退还',
      '移机需要师傅上门重新布线,一般三到五个工作日可以完成',
    ],
  },
  {
    organisations: ['京东商城', '天猫旗舰店', '唯品会客服', '拼多多'],
    items: ['订单', '退货申请', '退款', '快递', '发票', '优惠券'],
    problems: [
      '我买的东西收到了但是有一个地方坏了,想申请{item}',
      '我的{item}已经提交一个星期了,怎么还没有处理',
      '你们的{item}显示已经签收,可是我根本没有收到东西',
      '下单的时候{item}没用上,能不能帮我补一下差价',
      '我想开一张公司抬头的{item},之前下单的时候忘记填了',
    ],
    details: [
      '订单号是{digits4}{digits4}{digits4},买的是一个电饭煲',
      '盒子是好的,但是里面的内胆有一道很明显的划痕',
      '收件地址写的是{district}{street}{number}号,平时家里都有人',
      '快递员也没给我打电话,直接就点了签收',
      '公司名称是{estate}科技有限公司,税号我一会儿发给您',
    ],
    answers: [
      '您的{item}我这边已经看到了,目前在等待仓库确认收货',
      '这种情况可以直接给您办理换货,新的商品会在您寄回后发出',
      '我已经联系快递站点核实了,包裹目前在{street}的驿站,您可以凭取件码去取',
      '差价{amount}元已经帮您申请了,会以原路退回的方式退到您的支付账户',
      '电子发票开好以后会发送到您预留的邮箱,您注意查收一下',
    ],
  },
  {
    organisations: ['燃气公司', '自来水公司', '供电局', '物业管理处'],
    items: ['燃气表', '水表', '电费', '物业费', '热水器', '门禁卡'],
    problems: [
      '我家{item}好像坏了,数字一直不动',
      '我想问一下{item}为什么这个月突然涨了这么多',
      '我们楼从早上开始就停了,也没有提前通知',
      '我刚买的房子,想把{item}过户到我名下',
      '楼下一直有一股味道,我担心是不是管道漏了',
    ],
    details: [
      '户号是{digits4}{digits4},登记的名字是{surname}先生',
      '我住在{estate}{number}栋{number}单元,是二楼',
      '上个月才交了{amount}块,这个月变成了两倍多',
      '我已经把总阀关掉了,窗户也都打开了',
      '房产证和购房合同我都准备好了',
    ],
    answers: [
      '您反映的情况我已经记录下来了,抢修人员会在两个小时内上门',
      '这个月正好是阶梯价格调整的第一个周期,所以单价比之前高了一些',
      '您所在的片区今天在做管网检修,预计{hour}点左右恢复',
      '过户需要带上身份证和房产证原件到营业厅办理,当场就可以办好',
      '为了安全,在师傅到之前请您不要开关任何电器',
    ],
  },
  {
    organisations: ['顺丰速运', '中通快递', '德邦物流', '菜鸟驿站'],
    items: ['包裹', '快件', '运费', '保价', '上门取件'],
    problems: [
      '我寄的{item}已经三天了,物流信息一直没有更新',
      '你们快递员把我的{item}放在门口就走了,现在找不到了',
      '我想预约一个{item},下午家里有人',
      '寄件的时候收了我{amount}块钱{item},怎么跟网上查的不一样',
    ],
    details: [
      '运单号是SF{digits4}{digits4}{digits4},寄到{district}',
      '里面是一台笔记本电脑,比较贵重',
      '地址是{street}{number}号,到了打我电话就行',
      '当时寄的时候称的是三公斤多一点',
    ],
    answers: [
      '您的{item}目前在中转场,因为天气原因有一些延误',
      '我这边已经给派送站点发了催件,让快递员尽快联系您',
      '上门取件已经帮您预约好了,快递员会在{hour}点到{hour}点之间上门',
      '首重加续重一共是{amount}元,包括了保价服务',
    ],
  },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱'];
const DISTRICTS = ['朝阳区', '浦东新区', '天河区', '武侯区', '西湖区', '鼓楼区', '江北区', '南山区'];
const STREETS = ['建设路', '人民大道', '解放街', '和平里', '滨江路', '中山北路', '文化街'];
const ESTATES = ['幸福里', '阳光花园', '金色家园', '翠湖苑', '锦绣城', '东方明珠'];
const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '本周末', '明天', '后天'];

const GREETINGS = ['您好', '您好', '您好', '上午好', '下午好', '晚上好', '您好,欢迎致电'];
const INTROS = [
  '{greeting},{org},工号{staff}为您服务,请问有什么可以帮您?',
  '{greeting},{org}{staffCn}号客服很高兴为您服务',
  '{greeting},这里是{org},我是{staff}号,请问您需要办理什么业务?',
  '{greeting},{org}客服,请讲',
  '{greeting},我是{org}的客服代表,工号{staff},请问有什么可以帮到您?',
];
const CUSTOMER_OPENERS = ['喂,你好', '你好', '喂', '哎你好,我想咨询个事', '你好,我想问一下', '喂喂,能听到吗'];
const AGENT_ASKS = [
  '好的,麻烦您提供一下{what},我帮您查询一下',
  '请问您是机主本人吗?',
  '您方便说一下具体是什么时候发生的吗?',
  '好的,我这边需要核实一下您的身份,请问您的姓名是?',
  '您说的是哪一笔交易呢?',
  '请问您现在方便接听电话吗?',
  '您还记得当时是在哪里办理的吗?',
  '您是想先处理{item}的问题对吗?',
];
const WHATS = ['您的手机号码', '订单号', '户号', '身份证后四位', '运单号', '预留的联系电话'];
const CUSTOMER_FOLLOWUPS = [
  '那大概要多久才能处理好',
  '好的,那我需要做什么吗',
  '这个钱能退回来吗',
  '那我是不是还要再跑一趟',
  '嗯嗯,明白了',
  '可以可以,那就这么办吧',
  '那你们能不能快一点,我这边挺着急的',
  '我之前也打过一次电话,当时说会有人联系我,结果一直没人联系',
  '那我要是等不到怎么办',
  '我不太会弄这个手机上的操作,你能跟我说一下吗',
  '好,我记一下',
  '对,是我本人',
  '是的',
  '没错,就是那一笔',
];
const AGENT_EXPLAINS = [
  '好的,我明白您的意思了。{answer},您看这样可以吗?',
  '{answer}。如果后续还有问题,您可以随时拨打我们的热线',
  '非常理解您的心情,{answer}',
  '您别着急,{answer}',
  '是这样的,{answer},整个过程不会收取任何额外费用',
  '{answer}。另外提醒您一下,{warning}',
  '您可以打开我们的官方应用,在首页点击我的,然后选择服务记录,就能看到处理进度了,操作过程中有不清楚的地方您随时问我',
  '我再跟您确认一下,您是希望{answer2},对吗?',
];
const WARNINGS = [
  '我们的工作人员不会向您索要验证码,请不要告诉任何人',
  '请勿点击陌生短信里的链接,谨防诈骗',
  '请保管好您的密码和卡片',
  '如果有人以客服名义让您转账,千万别相信',
];
const PROMISES = [
  '这个问题我需要提交给后台核实,{deadline}给您回复',
  '我已经帮您登记了,{deadline}会有专人联系您',
  '处理结果出来以后我们会通过短信通知您,{deadline}之前一定给您答复',
  '我这边记录下来了,{deadline}给您回电',
];
const DEADLINES = ['两个工作日内', '二十四小时内', '明天下午五点前', '今天晚上', '三个工作日之内', '本周五之前'];
const VAGUE_PROMISES = ['这个我们核实以后再联系您', '有结果了会通知您的', '等后台处理完会给您回复'];
const HOLD_REQUESTS = ['请您稍等,我帮您查询一下', '好的,麻烦您稍等片刻,我看一下系统', '您稍等一下,我帮您核实'];
const HOLD_RETURNS = ['感谢您的耐心等待,{answer}', '让您久等了,{answer}', '不好意思让您等了这么久,{answer}'];
const COMPLAINTS = [
  '你们这是什么服务啊,我都打了三次电话了',
  '太慢了,一个问题拖了半个月',
  '我对你们的处理结果很不满意,我要投诉',
  '怎么回事啊,说好的昨天给我回电话,结果到现在都没人理我',
  '你们这也太离谱了吧,扣了钱也不说一声',
];
const APOLOGIES = [
  '非常抱歉给您带来不便,{answer}',
  '实在对不起,这是我们工作的疏忽,{answer}',
  '我理解您的心情,给您添麻烦了,{answer}',
];
const FURTHER_HELP = ['请问还有什么可以帮您?', '请问您还有其他问题吗?', '您还有别的需要吗?', '请问还有没有其他需要帮您处理的?'];
const CUSTOMER_CLOSINGS = ['没有了,谢谢', '没了没了,谢谢你啊', '暂时没有了', '好的,就这些', '行,那先这样吧'];
const FAREWELLS = ['感谢您的来电,祝您生活愉快,再见!', '好的,感谢您的耐心,再见', '不客气,祝您一切顺利,再见', '感谢您的咨询,再见'];
/** agent wording a compliance reviewer would flag (a small share of conversations) */
const VIOLATIONS = [
  '这个我也不知道,你问别人去吧',
  '这不归我管,你打别的电话',
  '我刚才跟你说过了,怎么还问',
  '快点说,后面还有人排队呢',
  '我们要下班了,明天再说吧',
  '规定就是这样,你投诉吧',
  '你听不懂吗,我说了好几遍了',
  '这是你自己的问题,跟我们没关系',
  '你烦不烦啊,一直打电话',
  '我不管,反正系统就是这么显示的',
  '不清楚,你自己查去',
  '没办法,这个办不了',
];
const FILLERS = ['嗯', '呃', '那个', '就是', '然后', '这个'];
/** homophone slips an ASR engine makes (same toneless pinyin, another character) */
const ASR_SLIPS: Array<[string, string]> = [
  ['稍等', '烧等'],
  ['知道', '知到'],
  ['别人去', '别人趣'],
  ['查询', '查寻'],
  ['账单', '帐单'],
  ['工作日', '工做日'],
  ['您好', '您号'],
];

export interface CorpusOptions {
  seed: number;
  transcripts: number;
  /** share of transcripts written in Traditional characters */
  traditionalShare: number;
  /** share of transcripts in ASR style (no punctuation, fillers, slips) */
  asrShare: number;
}

export const DEFAULT_CORPUS: CorpusOptions = { seed: 20251122, transcripts: 3000, traditionalShare: 0.15, asrShare: 0.25 };

class Generator {
  private readonly toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' }) as (text: string) => string;

  constructor(private readonly random: () => number) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += this.int(0, 9);
    return s;
  }

  private fill(template: string, domain: Domain, org: string): string {
    return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
      switch (slot) {
        case 'item': return this.pick(domain.items);
        case 'org': return org;
        case 'digits4': return this.digits(4);
        case 'amount': return String(this.pick([15, 38, 58, 99, 128, 260, 500, 1200, 3000]));
        case 'date': return `${this.int(1, 12)}月${this.int(1, 28)}号`;
        case 'surname': return this.pick(SURNAMES);
        case 'district': return this.pick(DISTRICTS);
        case 'street': return this.pick(STREETS);
        case 'estate': return this.pick(ESTATES);
        case 'number': return String(this.int(1, 30));
        case 'weekday': return this.pick(WEEKDAYS);
        case 'hour': return String(this.int(8, 20));
        case 'greeting': return this.pick(GREETINGS);
        case 'staff': return this.digits(4);
        case 'staffCn': return this.pick(['十二', '三十五', '八', '一百零六']);
        case 'what': return this.pick(WHATS);
        case 'answer': return this.fill(this.pick(domain.answers), domain, org);
        case 'answer2': return this.fill(this.pick(domain.answers), domain, org);
        case 'warning': return this.pick(WARNINGS);
        case 'deadline': return this.pick(DEADLINES);
        default: throw new Error(`unknown slot {${slot}}`);
      }
    });
  }

  /** One conversation as [speaker, text] lines plus where a hold goes. */
  private script(domain: Domain, org: string): { lines: Array<[TurnInput['speaker'], string]>; holdAfter?: number } {
    const lines: Array<[TurnInput['speaker'], string]> = [];
    const fill = (t: string) => this.fill(t, domain, org);
    const agent = (t: string) => lines.push(['agent', fill(t)]);
    const customer = (t: string) => lines.push(['customer', fill(t)]);
    let holdAfter: number | undefined;

    if (this.chance(0.2)) lines.push(['system', `欢迎致电${org},本次通话可能会被录音,请按一号键进入人工服务`]);
    const lateGreeting = this.chance(0.05);
    if (lateGreeting) customer(this.pick(CUSTOMER_OPENERS));
    if (!this.chance(0.04)) agent(this.pick(INTROS));
    else agent('喂,请讲');
    if (!lateGreeting && this.chance(0.5)) customer(this.pick(CUSTOMER_OPENERS));
    customer(this.chance(0.2) ? `${this.pick(domain.problems)},${this.pick(domain.details)},${this.pick(CUSTOMER_FOLLOWUPS)}` : this.pick(domain.problems));

    const exchanges = this.chance(0.1) ? this.int(15, 45) : this.int(2, 12);
    const violationAt = this.chance(0.08) ? this.int(0, exchanges - 1) : -1;
    const holdAt = this.chance(0.3) ? this.int(0, exchanges - 1) : -1;
    const complaintAt = this.chance(0.15) ? this.int(0, exchanges - 1) : -1;
    for (let k = 0; k < exchanges; k++) {
      agent(this.pick(AGENT_ASKS));
      customer(this.pick(domain.details));
      if (k === holdAt) {
        if (!this.chance(0.1)) agent(this.pick(HOLD_REQUESTS));
        holdAfter = lines.length;
        agent(this.chance(0.9) ? this.pick(HOLD_RETURNS) : '{answer}');
      } else if (this.chance(0.15)) {
        // a long explanation: several sentences in one turn
        agent([0, 1, 2].map(() => this.pick(AGENT_EXPLAINS).replace(/[?!。]$/, '')).join('。'));
      } else {
        agent(this.pick(AGENT_EXPLAINS));
      }
      if (k === complaintAt) {
        customer(this.pick(COMPLAINTS));
        agent(this.chance(0.85) ? this.pick(APOLOGIES) : '{answer}');
      }
      if (k === violationAt) {
        customer(this.pick(CUSTOMER_FOLLOWUPS));
        agent(this.pick(VIOLATIONS));
      }
      if (this.chance(0.6)) customer(this.pick(CUSTOMER_FOLLOWUPS));
    }
    if (this.chance(0.35)) agent(this.chance(0.85) ? this.pick(PROMISES) : this.pick(VAGUE_PROMISES));
    if (this.chance(0.9)) agent(this.pick(FURTHER_HELP));
    customer(this.pick(CUSTOMER_CLOSINGS));
    if (this.chance(0.93)) agent(this.pick(FAREWELLS));
    return { lines, holdAfter };
  }

  /** ASR output: punctuation dropped or turned into spaces, fillers, the odd homophone slip. */
  private asr(text: string): string {
    let out = text.replace(/[,。?!,.?!]/g, () => (this.chance(0.5) ? ' ' : ''));
    if (this.chance(0.4)) out = `${this.pick(FILLERS)}${out}`;
    for (const [right, wrong] of ASR_SLIPS) if (out.includes(right) && this.chance(0.3)) out = out.replace(right, wrong);
    return out;
  }

  transcript(index: number, style: 'plain' | 'traditional' | 'asr'): TranscriptInput {
    const domain = this.pick(DOMAINS);
    const org = this.pick(domain.organisations);
    const channel = this.chance(0.75) ? 'call' : 'chat';
    const { lines, holdAfter } = this.script(domain, org);
    const turns: TurnInput[] = [];
    const events: EventInput[] = [];
    let clock = this.int(0, 3);
    for (let i = 0; i < lines.length; i++) {
      const [speaker, raw] = lines[i];
      const text = style === 'traditional' ? this.toTraditional(raw) : style === 'asr' && speaker !== 'system' ? this.asr(raw) : raw;
      if (i === holdAfter) {
        const holdSeconds = this.int(10, 90);
        events.push({ type: 'hold', start: clock, end: clock + holdSeconds });
        clock += holdSeconds + 1;
      }
      // calls: about four characters a second; chats: typing time plus a reply delay
      const duration = channel === 'call' ? Math.max(1, text.length / (3.2 + this.random() * 1.6)) : 2 + this.random() * 3;
      const start = Math.round(clock * 10) / 10;
      const end = Math.round((clock + duration) * 10) / 10;
      turns.push({ speaker, text, start, end });
      clock = end + (channel === 'call' ? this.random() * 1.5 : 3 + this.random() * 20);
    }
    if (channel === 'call') events.push({ type: 'hangup', by: this.chance(0.92) ? 'customer' : 'agent', at: Math.round(clock * 10) / 10 });
    return { id: `bench-${String(index).padStart(5, '0')}`, channel, turns, events };
  }
}

export function generateCorpus(options: CorpusOptions = DEFAULT_CORPUS): TranscriptInput[] {
  const random = seededRandom(options.seed);
  const generator = new Generator(random);
  const corpus: TranscriptInput[] = [];
  for (let i = 0; i < options.transcripts; i++) {
    const roll = random();
    const style = roll < options.traditionalShare ? 'traditional' : roll < options.traditionalShare + options.asrShare ? 'asr' : 'plain';
    corpus.push(generator.transcript(i, style));
  }
  return corpus;
}
