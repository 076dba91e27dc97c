/**
 * Context conditions that excuse a lexicon hit, named in an entry's `unless`.
 *
 * A phrase list cannot tell 这个我不知道 (a refusal) from 很多持卡人不知道
 * (a statement about others) or 不知道孩子周六什么时候方便 (a polite
 * question): the words around the hit can. Each condition reads the hit's
 * clause (src/analysis/clauses.ts) and jieba's tagged words of the turn, and
 * answers one question about it: who is the subject, is it a question, is it
 * conditional, is the object the customer or someone of theirs, is it quoted,
 * was it said across a pause (会通知 您小区的门卫 is no promise to 通知您).
 */
import type { Segmenter } from '../text/segmenter.js';
import type { NormalizedText } from '../text/normalize.js';
import { ClauseMap } from './clauses.js';

export const CONTEXT_CONDITIONS = [
  'across-pause',
  'cuts-word',
  'other-subject',
  'third-party-subject',
  'polite-question',
  'concessive',
  'conditional',
  'counterfactual',
  'possessive-object',
  'reported-speech',
  'negated',
  'reassurance',
] as const;
export type ContextCondition = (typeof CONTEXT_CONDITIONS)[number];

interface Token {
  word: string;
  tag: string;
  from: number;
  to: number;
}

/** The speaker and their side (我这边, 本店): a hit with this subject is the agent's own stance. */
const FIRST_PERSON = new Set(['我', '我们', '咱', '咱们', '俺', '本人', '这边', '我这边', '我们这边', '我这', '我们这', '这里', '我这里', '我方', '我司', '本店', '咱这', '小的']);
/** The one spoken to. */
const ADDRESSEE = new Set(['您', '你', '你们', '您们', '你哋']);
/** Other people as subject: a third person, people in general. */
const THIRD_PERSON = new Set(['他', '她', '它', '他们', '她们', '它们', '大家', '别人', '人家', '有人', '有的人', '不少人']);
/** What a refusal is about (这个问题不清楚): a topic, not someone else who does not know. */
const TOPIC = new Set(['这个', '那个', '这', '那', '这些', '那些', '这事', '那事', '此事', '这块', '问题', '情况', '事', '事情', '原因', '具体', '细节', '进度', '结果', '这方面', '具体情况']);
/** Degree words and fillers between a subject and its predicate (声音有点不清楚): jieba tags some of them as nouns. */
const TRANSPARENT = new Set([
  ...['有点', '有点儿', '有些', '比较', '还是', '好像', '似乎', '可能', '一直', '暂时', '目前', '现在', '确实', '实在', '真的'],
  // modal verbs and aspect words between a subject and its verb (骑手会快点送)
  ...['会', '能', '要', '可以', '应该', '得', '想', '在', '正在', '正', '马上', '已经', '也', '都', '还', '就', '又', '才'],
  // 配送员那边忙着呢: 那边 after a noun points back at it
  ...['那边', '那里', '那儿'],
]);
const TRANSPARENT_TAGS = /^(?:d|u.*|y|e|o|c|m|q|mq|p)$/;
const PARTICLE = /^[啊呀吧呢嘛哦哈啦]$/u;
/** nouns; jieba tags some bound morphemes zg (配送/员), and they stand for a noun here */
const NOUN_TAG = /^(?:n[a-z]*|s|vn|an|zg)$/;

const INTERROGATIVE = /什么|怎么|怎样|哪|谁|多少|几|多大|多久|多长|是否|能否|可否|还是|为什么|为啥|啥|要不要|有没有|是不是/u;
/** 合不合适, 方不方便, 能不能: the "A not A" question */
const A_NOT_A = /(\p{Script=Han})[不没]\1/u;
const QUESTION_FINAL = /[吗呢么]$/u;
const CONDITIONAL = /如果|要是|假如|万一|若是|倘若|一旦|假设|等到|只要|的话/u;
const SHOULD = /应该|本应|本来|应当|理应|按理|按说/u;
const SHOULD_FINAL = /(?:的|才对|才是)$/u;
/** 您说… / 您刚才讲…, not 跟你说了 (the agent's own words) nor 您说了算 */
const REPORTED = /(?:^|[^跟和给对向])(?:您|你)(?:刚才|刚刚|之前|前面|是)?(?:说|讲|提到|反映|表示)(?!了算)/u;
/** 我不会让您白跑 / 我们不会收取费用 / 不能让您久等: what will not happen to the customer */
const REASSURANCE = /^(?:让|叫|使)(?:您|你)|^(?:耽误|忘|向您|向你|再|透露|泄露|外泄|收|扣|影响|给您添|多收)/u;
const NEGATOR = /(?:不|别|勿|没|无需|不用|不必|不要|千万别)\p{Script=Han}?$/u;

/**
 * How far a condition looks from a hit, in characters and in words: the words
 * that decide lie close by, and a bound keeps the work per hit constant, so a
 * turn of any length is judged in linear time.
 */
const WINDOW = 24;
const WORDS_BACK = 8;

/** One turn's context: clauses and tagged words, computed on first use and kept. */
export class TurnContext {
  private clauseMap?: ClauseMap;
  private tokens?: Token[];
  /** index into `tokens` of the word holding each normalised position */
  private tokenAt?: Int32Array;

  constructor(
    readonly n: NormalizedText,
    private readonly segmenter: Segmenter,
  ) {}

  /** Whether any of `conditions` holds for the hit [from, to). */
  excuses(conditions: readonly ContextCondition[], from: number, to: number): boolean {
    return conditions.some((condition) => this.holds(condition, from, to));
  }

  holds(condition: ContextCondition, from: number, to: number): boolean {
    switch (condition) {
      case 'across-pause':
        return this.clauses().crossesPause(from, to);
      case 'cuts-word':
        return this.insideWord(from) || this.insideWord(to);
      case 'other-subject':
        return this.subjectOf(from) === 'addressee' || this.subjectOf(from) === 'third';
      case 'third-party-subject':
        return this.subjectOf(from) === 'third';
      case 'polite-question':
        return this.isPoliteQuestion(from, to);
      case 'concessive':
        return this.isConcessive(to);
      case 'conditional':
        return CONDITIONAL.test(this.before(from)) || this.followsCondition(from) || /^\p{Script=Han}{0,6}的话/u.test(this.after(to));
      case 'counterfactual':
        return SHOULD.test(this.before(from)) && SHOULD_FINAL.test(this.after(to));
      case 'possessive-object':
        return this.objectIsPossessed(to);
      case 'reported-speech':
        return REPORTED.test(this.before(from, true));
      case 'negated':
        return NEGATOR.test(this.before(from));
      case 'reassurance':
        return REASSURANCE.test(this.after(to));
    }
  }

  private clauses(): ClauseMap {
    this.clauseMap ??= new ClauseMap(this.n);
    return this.clauseMap;
  }

  /** Up to WINDOW characters of the clause before the hit (with `previousClause`, reaching into the clause before). */
  private before(from: number, previousClause = false): string {
    const clauses = this.clauses();
    let start = clauses.clauseStart(from);
    if (previousClause && start > 0) start = clauses.clauseStart(start - 1);
    return this.n.text.slice(Math.max(start, from - WINDOW), from);
  }

  /** Up to WINDOW characters of the clause after the hit. */
  private after(to: number): string {
    return this.n.text.slice(to, Math.min(this.clauses().clauseEnd(Math.max(0, to - 1)), to + WINDOW));
  }

  /**
   * 要是今天没收到 您明天再打过来: the clause before, in the same sentence, is a
   * bare condition (opens with 如果… or ends with …的话) whose consequence is this clause.
   */
  private followsCondition(from: number): boolean {
    const clauses = this.clauses();
    const start = clauses.clauseStart(from);
    if (start === 0 || clauses.endsSentence(start)) return false;
    const previousStart = Math.max(clauses.clauseStart(start - 1), start - WINDOW);
    return /^(?:如果|要是|假如|万一|若是|倘若|一旦|假设|等到|只要)|的话$/u.test(this.n.text.slice(previousStart, start));
  }

  private words(): Token[] {
    if (!this.tokens) {
      this.tokens = [];
      this.tokenAt = new Int32Array(this.n.text.length + 1);
      let at = 0;
      for (const { word, tag } of this.segmenter.tag(this.n.text)) {
        this.tokenAt.fill(this.tokens.length, at, at + word.length);
        this.tokens.push({ word, tag, from: at, to: at + word.length });
        at += word.length;
      }
      this.tokenAt[at] = this.tokens.length;
    }
    return this.tokens;
  }

  /** Index of the first word that starts at or after `at`. */
  private firstWordFrom(at: number): number {
    const tokens = this.words();
    const k = this.tokenAt![Math.min(at, this.n.text.length)];
    return k < tokens.length && tokens[k].from < at ? k + 1 : k;
  }

  private insideWord(at: number): boolean {
    const tokens = this.words();
    const k = this.tokenAt![Math.min(at, this.n.text.length)];
    return k < tokens.length && tokens[k].from < at;
  }

  /**
   * Who the hit's predicate is about: the nearest word before it in its clause
   * that names someone or something, skipping adverbs, particles and degree words.
   * `first`: the speaker's side or a topic (这个不清楚); `addressee`: the customer
   * (您不清楚); `third`: a third person or a thing (持卡人不知道, 字迹不清楚);
   * `none`: nothing said. A complement after 得 (拍得不清楚) describes, so it counts as `third`.
   */
  private subjectOf(from: number): 'first' | 'addressee' | 'third' | 'none' {
    const tokens = this.words();
    const start = this.clauses().clauseStart(from);
    const last = this.firstWordFrom(from) - 1;
    for (let k = last; k >= 0 && k > last - WORDS_BACK && tokens[k].from >= start; k--) {
      const { word, tag } = tokens[k];
      if (tokens[k].to > from) continue;
      if (k === last && word === '得') return 'third';
      if (FIRST_PERSON.has(word) || TOPIC.has(word)) return 'first';
      if (ADDRESSEE.has(word)) return 'addressee';
      if (THIRD_PERSON.has(word)) return 'third';
      if (TRANSPARENT.has(word) || TRANSPARENT_TAGS.test(tag) || PARTICLE.test(word)) continue;
      if (NOUN_TAG.test(tag)) return 'third';
      return 'first';
    }
    return 'none';
  }

  /**
   * 不知道孩子周六什么时候方便 / 不知道这个时间段合不合适: an indirect question to
   * the customer. Not when the speaker is the subject (我也不知道什么时候到), nor
   * when the question word follows at once (不知道什么时候能修好: a refusal).
   */
  private isPoliteQuestion(from: number, to: number): boolean {
    if (this.subjectOf(from) === 'first') return false;
    const clauses = this.clauses();
    const end = clauses.clauseEnd(Math.max(0, to - 1));
    const after = this.after(to);
    if (after.length === 0) return false;
    if (A_NOT_A.test(after) || (to + after.length === end && (QUESTION_FINAL.test(after) || clauses.endsWithQuestionMark(end)))) return true;
    const wh = after.search(INTERROGATIVE);
    if (wh <= 0) return false;
    const tokens = this.words();
    for (let k = this.firstWordFrom(to); k < tokens.length && tokens[k].to <= to + wh; k++) {
      const t = tokens[k];
      if ((ADDRESSEE.has(t.word) || THIRD_PERSON.has(t.word) || NOUN_TAG.test(t.tag)) && !FIRST_PERSON.has(t.word)) return true;
    }
    return false;
  }

  /**
   * 我不管您在哪买的 都能保修 / 我不管多晚都会处理: "no matter what", an open
   * question after the hit and a 都 / 也 / 只要 … later in the sentence. Not
   * 我不管您怎么说 规定就是这样 (nothing holds whatever: a refusal).
   */
  private isConcessive(to: number): boolean {
    const after = this.after(to);
    if (!INTERROGATIVE.test(after) && !A_NOT_A.test(after) && !after.startsWith('多')) return false;
    const clauses = this.clauses();
    let end = to + 1;
    while (end < this.n.text.length && end < to + 2 * WINDOW && !clauses.endsSentence(end)) end++;
    return /都|也|只要|照样|一样|一律|均/u.test(this.n.text.slice(to, end));
  }

  /** 联系您孩子的班主任 / 通知您小区的门卫: 您 owns the object, the one contacted is someone else. */
  private objectIsPossessed(to: number): boolean {
    const tokens = this.words();
    const clauses = this.clauses();
    let between = 0;
    // 您家 is one word: its rest is the owned noun
    if (this.insideWord(to)) between++;
    for (let k = this.firstWordFrom(to); k < tokens.length && k < this.firstWordFrom(to) + 4; k++) {
      const t = tokens[k];
      if (t.from > to && clauses.isPause(t.from)) return false;
      if (t.word === '的') return between > 0;
      if (!/^(?:n[a-z]*|r|f|s|q|zg)$/.test(t.tag) || ++between > 2) return false;
    }
    return false;
  }
}
