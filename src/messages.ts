/**
 * The message templates and suggestions of the rules written in TypeScript
 * (src/rules/*.ts), in Chinese. Declared rules carry theirs in their YAML
 * (lexicons/general/rules.yaml); every rule's templates end up in its
 * `meta.messages`, from which tests read them.
 */
export const MESSAGES = {
  greetingLate: '问候语出现较晚,应在首句问候',
  noFurtherHelp: '结束前未询问客户是否还有其他需要',
  holdNoRequest: '让客户等待前未说"请稍等"',
  holdNoThanks: '等待后未感谢客户耐心等待(让您久等了)',
  deferNoDeadline: '承诺回复但未给出明确时间',
  addressInformal: '称呼客户多用"你",应使用"您"',
  privacyRequest: '索要客户敏感信息:{{text}}',
  hangupAgentFirst: '坐席先挂断电话,应等客户先挂机',
} as const;

export const SUGGESTIONS = {
  greeting: '您好,很高兴为您服务。',
  furtherHelp: '请问还有什么可以帮您的吗?',
  holdRequest: '请您稍等,我帮您查询一下。',
  holdThanks: '让您久等了,感谢您的耐心等待。',
  deadline: '我们会在24小时内/两个工作日内给您回复。',
  address: '请使用"您"称呼客户。',
  privacy: '请勿索要密码、验证码等信息;如需验证身份,请使用系统核验流程。',
  hangup: '通话结束请等客户先挂机。',
} as const;
