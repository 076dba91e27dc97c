import { agent, call, chat, customer, named, ruleTester, tunedPack } from '../helpers/rule-tester.js';

/** exactly 20 spoken characters */
const TWENTY = '您好这里是城北燃气公司请问有什么可以帮您';
/** the same 20 characters with punctuation and spaces, which are not counted */
const TWENTY_PUNCTUATED = '您好, 这里是城北燃气公司。 请问有什么可以帮您?';

ruleTester('speech.fast', {
  valid: [
    // exactly 300 characters per minute is not over the limit
    call(agent(TWENTY, 0, 4)),
    call(agent(TWENTY_PUNCTUATED, 0, 4)),
    // under 20 characters: not judged however fast
    call(agent(TWENTY.slice(1), 0, 1)),
    call(agent('您好,这里是城北燃气公司,请问有什么可以帮?', 0, 1)),
    // chats and customers are not judged
    chat(agent(TWENTY, 0, 1)),
    call(agent('您好', 0, 1), customer(TWENTY, 1, 2)),
    // untimed, or without an end
    call(agent(TWENTY)),
    call(agent(TWENTY, 0)),
    // zero duration cannot be measured
    call(agent(TWENTY, 5, 5)),
  ],
  invalid: [
    // 20 characters in 3.75 s = 320 per minute
    { code: call(agent(TWENTY, 0, 3.75)), findings: [{ turn: 0 }] },
    { code: call(agent(TWENTY_PUNCTUATED, 10, 13.75)), findings: [{ turn: 0 }] },
    { code: call(agent('您好', 0, 1), customer('嗯', 1, 2), agent(TWENTY + TWENTY, 2, 8)), findings: [{ turn: 2 }] },
  ],
});

ruleTester('speech.fast', {
  pack: tunedPack({ 'speech.fast': { options: { max: 400, minChars: 10 } } }),
  valid: [named('a pack allowing 400 per minute', call(agent(TWENTY, 0, 3.75)))],
  invalid: [{ name: 'a pack judging turns of 10 characters', code: call(agent(TWENTY.slice(0, 10), 0, 1)), findings: [{ turn: 0 }] }],
});
