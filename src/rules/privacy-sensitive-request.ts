import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import type { Hit } from '../lexicon/matcher.js';
import { type AnalysedTurn, defineRule, isAgent } from './types.js';

/**
 * Whether `request` asks for `secret`: close to it in one clause; or further
 * before it when what lies between describes the secret (请提供一下刚刚发到您手机上的验证码);
 * or in a short clause right after it in the same sentence (服务密码，你发过来就行).
 */
function asksFor(turn: AnalysedTurn, secret: Hit, request: Hit, maxGap: number): boolean {
  const gap = turn.clauseGap(secret, request);
  if (gap !== undefined) {
    if (gap <= maxGap) return true;
    return request.to <= secret.from && gap <= 2 * maxGap && turn.normalized.slice(request.to, secret.from).endsWith('的');
  }
  if (request.from < secret.to) return false;
  const between = turn.text.slice(secret.end, request.start);
  return !/[。！？!?；;]/u.test(between) && turn.normalized.slice(secret.to, request.from).length <= AFTERTHOUGHT_CHARS;
}

/** 你 / 您也 / 你直接: what may open the short clause that asks for a secret named just before */
const AFTERTHOUGHT_CHARS = 3;

/**
 * Of hits in text order, the two that lie closest to a given hit in clause
 * terms: the first starting at or after it, and the one reaching furthest
 * among those starting before it. Any other hit is further and has at least
 * the same clause breaks in between, so these two decide (log n per question).
 */
class Neighbours {
  /** furthestEnd[k]: the hit reaching furthest among hits[0..k] */
  private readonly furthestEnd: Hit[] = [];

  constructor(private readonly hits: readonly Hit[]) {
    hits.forEach((h, k) => this.furthestEnd.push(k > 0 && this.furthestEnd[k - 1].to >= h.to ? this.furthestEnd[k - 1] : h));
  }

  of(hit: Hit): Hit[] {
    let low = 0;
    let high = this.hits.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.hits[mid].from < hit.from) low = mid + 1;
      else high = mid;
    }
    const near: Hit[] = [];
    if (low > 0) near.push(this.furthestEnd[low - 1]);
    if (low < this.hits.length) near.push(this.hits[low]);
    return near;
  }
}

/**
 * A secret (密码, 验证码, CVV…) next to a request to hand it over (告诉我, 发给我…),
 * unless the same clause is a security warning (不要告诉任何人, 不会向您索要).
 */
export default defineRule({
  meta: {
    id: 'privacy.sensitive_request',
    severity: 'error',
    turnLocal: true,
    redLine: true,
    deduct: 40,
    description: '向客户索要密码、验证码、PIN 或 CVV(红线)',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '规范8/9 窃取或泄漏顾客资料或隐私 (L207)' },
      { seed: '003_01e3382558458c28.txt', clause: '二(二)8 不得隨意打聽客戶的私人信息' },
    ],
    messages: { request: MESSAGES.privacyRequest },
    categories: ['secret', 'disclosure_request', 'security_warning'],
    options: z.object({ maxGap: z.number().int().nonnegative().default(8) }),
  },
  create(context) {
    return {
      turn(turn) {
        // secrets first: most turns have none, and then the other categories need no matching
        const secrets = isAgent(turn) ? turn.hitsOf('secret') : [];
        if (secrets.length === 0) return;
        const requests = new Neighbours(turn.hitsOf('disclosure_request'));
        const warnings = new Neighbours(turn.hitsOf('security_warning'));
        for (const secret of secrets) {
          const request = requests.of(secret).find((r) => asksFor(turn, secret, r, context.options.maxGap));
          const warnedNear = (hit: Hit) => warnings.of(hit).some((w) => turn.clauseGap(hit, w) !== undefined);
          const warned = warnedNear(secret) || (request !== undefined && warnedNear(request));
          if (request && !warned) {
            const entry = `${secret.entry.id}+${request.entry.id}`;
            context.report({ turn: turn.index, span: secret, messageId: 'request', suggestion: SUGGESTIONS.privacy, entry });
            return;
          }
        }
      },
    };
  },
});
