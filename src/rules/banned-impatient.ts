import { MESSAGES } from '../messages.js';
import { bannedRule } from './kinds/banned.js';

export default bannedRule(
  {
    id: 'banned.impatient',
    severity: 'error',
    redLine: false,
    deduct: 15,
    description: '不耐烦/催促用语:快点、要下班了、明天再来、刚才说过了怎么还问、着什么急等',
    source: [{ seed: '000_913f489e9decba89.txt', clause: '服务行为规范5 文明服务禁语⑵⑸⑹⑺⑽ (L132-L140)' }],
  },
  { categories: ['banned.impatient'], message: MESSAGES.impatient },
);
