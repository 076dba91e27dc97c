/** `npm run docs`: rewrites the generated metadata blocks of docs/rules.md from the general pack's rules. */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadPack } from '../src/pack/load.js';
import { withRuleMetadata } from '../src/report/rules-doc.js';
import { PACKAGE_ROOT } from '../src/util/package-root.js';

const file = `${PACKAGE_ROOT}/docs/rules.md`;
writeFileSync(file, withRuleMetadata(readFileSync(file, 'utf8'), loadPack('general')));
console.log(`wrote ${file}`);
