/**
 * `npm run bench:linear`: only the worst-case table and the 10,000-file batch
 * figures of `npm run bench` (a few minutes instead of the whole comparison).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Talklint from '../src/index.js';
import { batchFigures } from './batch.js';
import { DEFAULT_CORPUS, generateCorpus } from './corpus.js';
import { printWorstCase, worstCaseTable } from './worst-case.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const talklint = (await import(join(ROOT, 'dist/src/index.js'))) as typeof Talklint;
printWorstCase(worstCaseTable(talklint));
const TEN_K = 10_000;
const tenK = batchFigures(ROOT, generateCorpus({ ...DEFAULT_CORPUS, transcripts: TEN_K }), `${DEFAULT_CORPUS.seed}:${TEN_K}`);
console.log(`\nbatch CLI, ${tenK.files} files (${(tenK.chars / 1e6).toFixed(1)} M chars), best of 3 interleaved:`);
console.log(`  read + cut (floor) ${tenK.floorSeconds} s · check --jobs 1 ${tenK.jobs1Seconds} s (${tenK.endToEndVsFloor}x the floor) · --jobs 2 ${tenK.jobs2Seconds} s (${tenK.jobs2Speedup}x)`);
