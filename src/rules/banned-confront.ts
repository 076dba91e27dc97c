import { MESSAGES } from '../messages.js';
import { bannedRule } from './kinds/banned.js';

export default bannedRule(
  {
    id: 'banned.confront',
    severity: 'error',
    redLine: true,
    deduct: 40,
    description: '顶撞/指责用语(红线):我不管、我就这态度、我说了算、手续不全你来干什么、喂你找谁等',
    source: [
      { seed: '000_913f489e9decba89.txt', clause: '服务行为规范5 文明服务禁语⑶⑻⑼ (L133, L138, L139)' },
      { seed: '000_913f489e9decba89.txt', clause: '服务行为规范11 接打电话 忌用"喂,你找谁" (L449)' },
    ],
  },
  { categories: ['banned.confront'], message: MESSAGES.confront },
);
