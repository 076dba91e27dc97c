import { MESSAGES } from '../messages.js';
import { bannedRule } from './kinds/banned.js';

export default bannedRule(
  {
    id: 'discouraged.negative',
    severity: 'warning',
    redLine: false,
    deduct: 3,
    description: '消极用语(减少说):我不能、我不会等,宜改为"我能帮您…"',
    source: [{ seed: '000_913f489e9decba89.txt', clause: '服务行为规范8 三.5.(3) 使用语言的技巧 (L276)' }],
  },
  { categories: ['discouraged.negative'], message: MESSAGES.negative, yieldTo: ['banned.shirk', 'banned.impatient', 'banned.confront', 'banned.vulgar'] },
);
