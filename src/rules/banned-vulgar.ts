import { MESSAGES } from '../messages.js';
import { bannedRule } from './kinds/banned.js';

export default bannedRule(
  {
    id: 'banned.vulgar',
    severity: 'error',
    redLine: true,
    deduct: 40,
    description: '粗话、脏话、侮辱客户(红线)',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '规范4 不说粗话、脏话 (L61); 规范8 坚决不出现污言秽语 (L284)' },
      { seed: '003_01e3382558458c28.txt', clause: '二(一)1 禁用粗俗、生硬、歧視性語言' },
    ],
  },
  { categories: ['banned.vulgar'], message: MESSAGES.vulgar },
);
