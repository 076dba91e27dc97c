/**
 * Who is who in segment input: an explicit map (`--roles 0=agent,1=customer`),
 * else the engine's own roles, else detection from what each speaker says
 * (greeting, self-introduction, staff number, 您, service phrases; IVR prompts
 * become `system`). Detection always says how sure it is: weak evidence draws a
 * warning, so no role is ever guessed silently.
 */
import type { ReportSource } from '../report/types.js';
import { type Speaker, SpeakerSchema } from '../transcript/schema.js';
import type { SourceSegment } from './types.js';

export type RoleMap = ReadonlyMap<string, Speaker>;

/**
 * The key a speaker id is compared by: the number in `spk_0`, `ch_1`, `SPEAKER_01`,
 * `Speaker 1`, `说话人1`, `1` (leading zeros dropped), else the id in lower case.
 */
export function speakerKey(id: string): string {
  const m = /^\s*(?:spk|speaker|ch|channel|chan|说话人|角色|声道|发言人)?[\s_-]*0*(\d+)\s*$/iu.exec(id);
  return m ? String(Number(m[1])) : id.trim().toLowerCase();
}

/** Parses `0=agent,1=customer` (also `spk_0:agent`, Chinese role words such as 客服/客户). */
export function parseRoleMap(spec: string | Record<string, string>): RoleMap {
  const entries = typeof spec === 'string' ? spec.split(/[,，;；]/).filter((p) => p.trim() !== '').map((p) => splitPair(p)) : Object.entries(spec);
  const map = new Map<string, Speaker>();
  for (const [id, role] of entries) {
    const speaker = roleWord(role);
    if (!speaker) throw new Error(`--roles: "${role}" is not a role: use agent, customer or system`);
    map.set(speakerKey(id), speaker);
  }
  if (map.size === 0) throw new Error('--roles: give at least one id=role pair, e.g. 0=agent,1=customer');
  return map;
}

function splitPair(pair: string): [string, string] {
  const m = /^(.+?)\s*[=:：]\s*(.+)$/u.exec(pair.trim());
  if (!m) throw new Error(`--roles: "${pair}" is not id=role, e.g. 0=agent`);
  return [m[1], m[2]];
}

const ROLE_WORDS: Record<string, Speaker> = { 客服: 'agent', 坐席: 'agent', 座席: 'agent', 客户: 'customer', 顾客: 'customer', 用户: 'customer', 系统: 'system', ivr: 'system' };

function roleWord(word: string): Speaker | undefined {
  const w = word.trim().toLowerCase();
  const parsed = SpeakerSchema.safeParse(w);
  return parsed.success ? parsed.data : ROLE_WORDS[w];
}

/** Prompts of an IVR or recorded announcement, never said by a person. */
const IVR = /请按|请拨|按[0-9一二三四五六七八九零#*＃]+键|转人工|人工服务请|正在为您转接|您的通话(?:可能)?(?:将)?被录音|本次通话(?:可能)?(?:将)?(?:会)?被录音|为了保证服务质量.*录音|欢迎致电|欢迎使用.*(?:热线|语音)|坐席(?:全忙|忙)|请稍后再拨|您拨打的(?:电话|用户)/u;

/** What an agent says and a customer rarely does, with the weight of each kind of evidence. */
const AGENT_EVIDENCE: Array<{ pattern: RegExp; weight: number; what: string }> = [
  { pattern: /工号\s*[0-9零一二三四五六七八九]+|[0-9]{2,6}\s*号(?:客服|坐席|为您服务)|很高兴为您服务|为您服务/u, weight: 4, what: '工号/为您服务' },
  { pattern: /(?:有什么|有啥)可以(?:帮|为)您|请问有什么(?:可以)?(?:帮|需要)|还有(?:什么|其他|别的)(?:问题|需要|可以帮)/u, weight: 3, what: '有什么可以帮您' },
  { pattern: /(?:这里|这边)是.{1,16}(?:客服|中心|热线|公司|银行)|感谢(?:您的)?来电|感谢您的(?:耐心)?等待|让您久等/u, weight: 3, what: '自报家门/感谢来电' },
  { pattern: /^(?:您好|你好|早上好|上午好|下午好|晚上好)/u, weight: 2, what: '问候' },
  { pattern: /请(?:您)?稍等|稍后|给您(?:查|核实|处理|回电|反馈)|帮您(?:查|核实|处理|看一下)/u, weight: 1, what: '帮您查询' },
];

interface SpeakerEvidence {
  key: string;
  score: number;
  reasons: Set<string>;
  ivrOnly: boolean;
  /** index of the first segment, to break ties (the first to speak is more often the agent) */
  first: number;
}

function evidenceOf(segments: readonly SourceSegment[]): Map<string, SpeakerEvidence> {
  const bySpeaker = new Map<string, SpeakerEvidence>();
  segments.forEach((segment, i) => {
    const key = speakerKey(segment.speaker);
    let e = bySpeaker.get(key);
    if (!e) bySpeaker.set(key, (e = { key, score: 0, reasons: new Set(), ivrOnly: true, first: i }));
    const text = segment.text.trim();
    if (IVR.test(text)) return;
    e.ivrOnly = false;
    for (const { pattern, weight, what } of AGENT_EVIDENCE) {
      if (pattern.test(text)) {
        e.score += weight;
        e.reasons.add(what);
      }
    }
    // 您 is the agent's word; a customer uses it too, so it only tips the balance
    const nin = (text.match(/您/gu) ?? []).length;
    if (nin > 0) {
      e.score += Math.min(nin, 3) * 0.5;
      e.reasons.add('您');
    }
  });
  return bySpeaker;
}

/** Evidence this strong for the agent, and this far ahead of the next speaker, needs no warning. */
const STRONG_SCORE = 4;
const STRONG_MARGIN = 3;

export interface AssignedRoles {
  speakers: Speaker[];
  roles: ReportSource['roles'];
  warnings: string[];
}

/** The speaker of every segment, and how it was decided. */
export function assignRoles(segments: readonly SourceSegment[], roleMap?: RoleMap): AssignedRoles {
  if (roleMap) {
    const unknown = [...new Set(segments.map((s) => s.speaker).filter((id) => !roleMap.has(speakerKey(id))))];
    if (unknown.length > 0) {
      throw new Error(`speaker ${unknown.map((u) => `"${u}"`).join(', ')} not in --roles (mapped: ${[...roleMap.keys()].join(', ')})`);
    }
    return { speakers: segments.map((s) => roleMap.get(speakerKey(s.speaker))!), roles: 'explicit', warnings: [] };
  }
  if (segments.length > 0 && segments.every((s) => s.role !== undefined)) {
    return { speakers: segments.map((s) => s.role!), roles: 'engine', warnings: [] };
  }
  return detectRoles(segments);
}

function detectRoles(segments: readonly SourceSegment[]): AssignedRoles {
  const evidence = evidenceOf(segments);
  const people = [...evidence.values()].filter((e) => !e.ivrOnly).sort((a, b) => b.score - a.score || a.first - b.first);
  const agent = people[0];
  const runnerUp = people[1];
  const warnings: string[] = [];
  const ids = (key: string) => [...new Set(segments.filter((s) => speakerKey(s.speaker) === key).map((s) => s.speaker))].join('/');
  if (!agent) {
    warnings.push('roles detected: every segment is an IVR prompt, so all are system lines; use --roles to say who is who');
  } else {
    const margin = agent.score - (runnerUp?.score ?? 0);
    const why = agent.reasons.size > 0 ? [...agent.reasons].join('、') : 'no agent wording';
    if (agent.score < STRONG_SCORE || margin < STRONG_MARGIN) {
      warnings.push(
        `roles detected from weak evidence: speaker ${ids(agent.key)} taken as the agent (${why}; score ${agent.score}` +
          (runnerUp ? ` vs ${runnerUp.score} for ${ids(runnerUp.key)}` : '') +
          '); use --roles to say who is who',
      );
    }
  }
  // an agent channel often starts with the IVR's recorded prompts: those lines are system lines too
  let agentSpoke = false;
  const speakers = segments.map((segment): Speaker => {
    const e = evidence.get(speakerKey(segment.speaker))!;
    if (e.ivrOnly) return 'system';
    if (e !== agent) return 'customer';
    if (!agentSpoke && IVR.test(segment.text)) return 'system';
    agentSpoke = true;
    return 'agent';
  });
  return { speakers, roles: 'detected', warnings };
}
