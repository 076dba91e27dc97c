/**
 * Words that name a speaker's role in plain text and in a CSV role column:
 * Simplified and Traditional, and the synonyms chat and call-centre exports use.
 * Matched whole, case-insensitively, after trimming.
 */
import type { Speaker } from './schema.js';

const LABELS: Record<Speaker, readonly string[]> = {
  agent: [
    '客服', '坐席', '座席', '客服代表', 'agent', 'a',
    '客服人员', '客服人員', '人工客服', '在线客服', '在線客服', '话务员', '話務員', '接线员', '接線員',
    '工作人员', '工作人員', '服务人员', '服務人員', '营业员', '營業員', '员工', '員工', '专员', '專員', '服务员', '服務員',
    '坐席员', '座席员', '坐席員', '座席員', '客服专员', '客服專員',
    'staff', 'operator', 'rep', 'representative', 'csr', 'advisor',
  ],
  customer: [
    '客户', '顾客', '用户', '来电人', 'customer', 'c',
    '客戶', '顧客', '用戶', '來電人', '来电者', '來電者', '访客', '訪客', '来访者', '來訪者', '买家', '買家', '会员', '會員',
    '乘客', '患者', '业主', '業主', '居民', '群众', '群眾', '市民', '游客', '遊客', '住客', '投保人', '被保险人', '被保險人',
    'caller', 'client', 'user', 'visitor', 'buyer', 'guest', 'member',
  ],
  system: ['系统', '系統', 'system', 'ivr', '机器人', '機器人', '语音导航', '語音導航', '自动语音', '自動語音', 'bot', 'robot'],
};

const BY_LABEL = new Map<string, Speaker>(
  (Object.entries(LABELS) as Array<[Speaker, readonly string[]]>).flatMap(([speaker, labels]) => labels.map((l) => [l, speaker] as [string, Speaker])),
);

export function speakerOfLabel(label: string): Speaker | undefined {
  return BY_LABEL.get(label.trim().toLowerCase());
}

/** A short list of accepted labels for error messages. */
export const LABEL_HINT = '客服/坐席/客服人员/agent/A, 客户/顾客/用户/访客/customer/C or 系统/system';
