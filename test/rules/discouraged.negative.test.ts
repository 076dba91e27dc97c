import { agent, call, customer, ruleTester } from '../helpers/rule-tester.js';

ruleTester('discouraged.negative', {
  valid: [
    '我能帮您申请加急处理。',
    '我不能让您白跑一趟,我现在就帮您办。',
    '我不会让您白等的。',
    '我不会再让这种情况发生。',
    '我们不会向您索要任何密码。',
    // one span, one rule: a banned phrase that contains a discouraged one is the banned rule's only
    '这事我管不了。',
    // 我不知道 as a refusal is banned.shirk only
    '我不知道。',
    call(agent('您好,这里是城南水务。'), customer('我不能等了,我不会用这个APP')),
  ],
  invalid: [
    { code: '这个我不能保证。', findings: [{ turn: 0, text: '我不能' }] },
    { code: '我们不能给您退全款。', findings: [{ turn: 0, text: '我们不能' }] },
    { code: '我没办法帮您改。', findings: [{ turn: 0, text: '我没办法' }] },
    { code: '这个我们没办法改。', findings: [{ turn: 0, text: '我们没办法' }] },
    { code: '这个我不会操作。', findings: [{ turn: 0, text: '我不会' }] },
    { code: '我不會', findings: [{ turn: 0, text: '我不會' }] },
    { code: '我 不 能', findings: [{ turn: 0, text: '我 不 能' }] },
    { code: '我管不了', findings: [{ turn: 0, text: '我管不了' }] },
    // next to a banned phrase, but not the same span
    { code: '我不能,問別人去', findings: [{ turn: 0, text: '我不能' }] },
  ],
});
