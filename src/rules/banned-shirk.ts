import { MESSAGES } from '../messages.js';
import { bannedRule } from './kinds/banned.js';

export default bannedRule(
  {
    id: 'banned.shirk',
    severity: 'error',
    redLine: false,
    deduct: 15,
    description: '推诿用语:不知道、问别人去、这不是我管的、自己查去等',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '服务行为规范5 文明服务禁语⑴⑷⑾ (L131, L134, L141)' },
      { seed: '001_a81383e5793b87b0.txt', clause: '联众投资 三.10 服务忌语 (L182)' },
      { seed: '002_93db4b14084739a4.txt', clause: '5.3.6 這與我無關, 5.3.8 不知道,不清楚 (L145, L149)' },
    ],
  },
  { categories: ['banned.shirk'], message: MESSAGES.shirk },
);
