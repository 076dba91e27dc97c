import { z } from 'zod';
import { MESSAGES, SUGGESTIONS } from '../messages.js';
import { defineRule, isAgent } from './types.js';

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
    options: z.object({ maxGap: z.number().int().nonnegative().default(8) }),
  },
  create(context) {
    return {
      turn(turn) {
        // secrets first: most turns have none, and then the other categories need no matching
        const secrets = isAgent(turn) ? turn.hitsOf('secret') : [];
        if (secrets.length === 0) return;
        const requests = turn.hitsOf('disclosure_request');
        const warnings = turn.hitsOf('security_warning');
        for (const secret of secrets) {
          const asked = requests.some((r) => (turn.clauseGap(secret, r) ?? Infinity) <= context.options.maxGap);
          const warned = warnings.some((w) => turn.clauseGap(secret, w) !== undefined);
          if (asked && !warned) {
            context.report({ turn: turn.index, span: secret, message: MESSAGES.privacyRequest(secret.text), suggestion: SUGGESTIONS.privacy });
            return;
          }
        }
      },
    };
  },
});
