/**
 * Clause structure and the context conditions of lexicon entries (`unless`),
 * on sentences written for these tests.
 */
import { describe, expect, it } from 'vitest';
import { ClauseMap } from '../src/analysis/clauses.js';
import { type ContextCondition, TurnContext } from '../src/analysis/context.js';
import { check, loadPack } from '../src/index.js';
import { normalize } from '../src/text/normalize.js';

const pack = loadPack('general');
const clausesOf = (text: string) => new ClauseMap(normalize(text));

describe('clauses', () => {
  it('takes punctuation and spaces between phrases as pauses, not spaces between single letters', () => {
    const spaced = clausesOf('我们会通知 您楼下的保安');
    expect(spaced.isPause(spaced.n.text.indexOf('您'))).toBe(true);
    expect(clausesOf('不 知 道').crossesPause(0, 3)).toBe(false);
    const hello = clausesOf('喂 你找谁');
    expect(hello.crossesPause(0, hello.n.text.length)).toBe(false);
    expect(clausesOf('好的，稍等').isPause(2)).toBe(true);
    expect(clausesOf('好的稍等').isPause(2)).toBe(false);
  });

  it('finds the clause around a span, and whether a sentence ends there', () => {
    const clauses = clausesOf('先这样，明天给您回电 谢谢。再见');
    const { text } = clauses.n;
    const at = text.indexOf('回电');
    expect(text.slice(clauses.clauseStart(at), clauses.clauseEnd(at + 1))).toBe('明天给您回电');
    expect(clauses.endsSentence(text.indexOf('明天'))).toBe(false);
    expect(clauses.endsSentence(text.indexOf('再见'))).toBe(true);
  });
});

/** Whether `condition` holds for the first occurrence of `phrase` in `sentence`. */
function holds(condition: ContextCondition, sentence: string, phrase: string): boolean {
  const n = normalize(sentence);
  const from = n.text.indexOf(phrase);
  expect(from, `${phrase} in ${sentence}`).toBeGreaterThanOrEqual(0);
  return new TurnContext(n, pack.matcher.segmenter).holds(condition, from, from + phrase.length);
}

describe.each<[ContextCondition, string, Array<[string, string]>, Array<[string, string]>]>([
  ['other-subject', 'someone other than the speaker does not know', [['好多游客不知道这个入口', '不知道'], ['墙上的字有点不清楚', '不清楚'], ['您不清楚的话', '不清楚']], [['这个我也不知道', '不知道'], ['不清楚', '不清楚'], ['这事我们这边不清楚', '不清楚']]],
  ['third-party-subject', 'a third party, not the customer', [['司机会快点开', '快点'], ['机场那边要下班了', '要下班了']], [['您快点说', '快点'], ['我们要下班了', '要下班了']]],
  ['polite-question', 'an indirect question to the customer', [['不知道老人家几点方便接电话', '不知道'], ['不知道这个颜色合不合适', '不知道']], [['不知道什么时候能修好', '不知道'], ['我也不知道他几点到', '不知道'], ['不知道 你问别人吧', '不知道']]],
  ['concessive', 'no matter what, with a continuation', [['我不管您在哪个门店办的卡 都能在这里挂失', '我不管'], ['我不管多远都给您送', '我不管']], [['我不管您怎么讲 反正就是不行', '我不管'], ['我不管', '我不管']]],
  ['conditional', 'inside a condition or its consequence', [['如果到点了还没人联系', '到点了'], ['要是这周没收到 您下周再打过来', '下周再打']], [['我们到点了 您明天来', '到点了'], ['要是查到了会告诉您。我们要下班了', '要下班了']]],
  ['counterfactual', 'what should have happened', [['这个本来应该提前通知您的', '通知您']], [['处理完我们会通知您', '通知您']]],
  ['possessive-object', 'someone of the customer\'s is contacted', [['我们联系您家的物业', '联系您'], ['我们会通知您那边的快递员', '通知您']], [['明天我们联系您', '联系您'], ['我们联系您确认的时间', '联系您']]],
  ['reported-speech', 'the agent repeats the customer', [['您刚才说您不知道账号是吗', '不知道'], ['您说 不清楚密码', '不清楚']], [['跟你说了不知道', '不知道']]],
  ['negated', 'the phrase is denied', [['这不是跟我们没关系', '跟我们没关系']], [['这跟我们没关系', '跟我们没关系']]],
  ['across-pause', 'said across a pause', [['我们会回复 您同事的问题', '回复您']], [['我们会回复您', '回复您']]],
  ['cuts-word', 'the phrase ends inside a word', [['今天没空房了', '今天没空']], [['今天没空 明天吧', '今天没空']]],
])('%s: %s', (condition, _what, holding, notHolding) => {
  it.each(holding)('holds in %j (%s)', (sentence, phrase) => {
    expect(holds(condition, sentence, phrase)).toBe(true);
  });
  it.each(notHolding)('does not hold in %j (%s)', (sentence, phrase) => {
    expect(holds(condition, sentence, phrase)).toBe(false);
  });
});

describe('finding entries', () => {
  it('names the lexicon entry or the rule part that fired', () => {
    const report = check({
      id: 'entries',
      channel: 'chat',
      turns: [
        { speaker: 'customer', text: '我的包裹呢', start: 0, end: 1 },
        { speaker: 'agent', text: '您好,这个你去找快递员', start: 3, end: 4 },
        { speaker: 'customer', text: '你们这什么服务啊', start: 6, end: 7 },
        { speaker: 'agent', text: '单号给我一下', start: 30, end: 31 },
      ],
    });
    const entryOf = (rule: string) => report.findings.find((f) => f.rule === rule)?.entry;
    expect(entryOf('banned.shirk')).toBe('shirk.send-elsewhere');
    expect(entryOf('complaint.no_apology')).toBe('complaint.judgement');
    expect(entryOf('hold.no_request')).toBe('gap');
    expect(entryOf('closing.missing')).toBe('closing.missing');
  });
});
