/** Every message a finding can carry, in Chinese; tests import these instead of repeating the strings. */
export const MESSAGES = {
  shirk: (text: string) => `推诿用语:${text}`,
  impatient: (text: string) => `不耐烦/催促用语:${text}`,
  confront: (text: string) => `顶撞/指责用语:${text}`,
  vulgar: (text: string) => `粗俗/侮辱用语:${text}`,
  negative: (text: string) => `消极用语:${text},建议换成积极说法`,
  greetingMissing: '开场未使用问候语(您好)',
  greetingLate: '问候语出现较晚,应在首句问候',
  introMissing: '开场未自报家门(单位名称或工号)',
  closingMissing: '结束时未使用告别语',
  noFurtherHelp: '结束前未询问客户是否还有其他需要',
  holdNoRequest: '让客户等待前未说"请稍等"',
  holdNoThanks: '等待后未感谢客户耐心等待(让您久等了)',
  complaintNoApology: '客户表达不满后未致歉或安抚',
  deferNoDeadline: '承诺回复但未给出明确时间',
  addressInformal: '称呼客户多用"你",应使用"您"',
  privacyRequest: (text: string) => `索要客户敏感信息:${text}`,
  interrupt: (seconds: number) => `抢话:客户尚未说完(重叠 ${seconds.toFixed(1)} 秒)`,
  responseSlow: (seconds: number) => `回复过慢:${Math.round(seconds)} 秒后才回复`,
  speechFast: (perMinute: number) => `语速过快:每分钟 ${Math.round(perMinute)} 字`,
  hangupAgentFirst: '坐席先挂断电话,应等客户先挂机',
} as const;

/** Added to the last finding a turn lists when it has more of one rule than a report shows. */
export const MORE_IN_TURN = (total: number, shown: number) => `(本句共 ${total} 处,仅列出前 ${shown} 处)`;

export const SUGGESTIONS = {
  greeting: '您好,很高兴为您服务。',
  intro: '您好,XX客服中心,工号XXXX,请问有什么可以帮您?',
  closing: '感谢您的来电,祝您生活愉快,再见!',
  furtherHelp: '请问还有什么可以帮您的吗?',
  holdRequest: '请您稍等,我帮您查询一下。',
  holdThanks: '让您久等了,感谢您的耐心等待。',
  apology: '非常抱歉给您带来不便,我理解您的心情。',
  deadline: '我们会在24小时内/两个工作日内给您回复。',
  address: '请使用"您"称呼客户。',
  privacy: '请勿索要密码、验证码等信息;如需验证身份,请使用系统核验流程。',
  interrupt: '请等客户说完再回应。',
  responseSlow: '请及时回复;需要查询时先告知客户"请稍等"。',
  speechFast: '请放慢语速,吐字清晰。',
  hangup: '通话结束请等客户先挂机。',
} as const;
