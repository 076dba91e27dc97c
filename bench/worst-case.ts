/**
 * The worst-case table of `npm run bench`: one agent turn of 1k, 10k, 100k
 * and 1M characters, of repeated phrases (banned phrases, overlapping hits,
 * numeral runs, allow contexts, pinyin near-misses) and of random Han text,
 * checked whole; CPU time per character, and the 100k/10k and 1M/100k ratios
 * (10 when linear, 100 when quadratic).
 */
import type * as Talklint from '../src/index.js';

export const WORST_CASE_LENGTHS = [1_000, 10_000, 100_000, 1_000_000];

const repeated = (unit: string) => (length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Han characters from a fixed linear congruential sequence: the same "random" text every run. */
function randomHan(length: number): string {
  let seed = 1;
  const codes = new Uint16Array(length);
  for (let i = 0; i < length; i++) {
    seed = (seed * 48271) % 2147483647;
    codes[i] = 0x4e00 + (seed % 3000);
  }
  let text = '';
  for (let at = 0; at < length; at += 4096) text += String.fromCharCode(...codes.subarray(at, at + 4096));
  return text;
}

export const WORST_CASE_TEXTS: Array<{ name: string; text: (length: number) => string }> = [
  { name: '不知道 repeated', text: repeated('不知道') },
  { name: '快点 repeated', text: repeated('快点') },
  { name: '你自己查去 (overlaps)', text: repeated('你自己查去') },
  { name: 'run of 一', text: repeated('一') },
  { name: '工号 + numerals', text: repeated('工号一二三四五六七八九') },
  { name: 'allow contexts', text: repeated('不知道您什么时候方便') },
  { name: 'pinyin near-misses', text: repeated('问别人趣不知到') },
  { name: 'random Han', text: randomHan },
];

export interface WorstCaseRow {
  name: string;
  /** microseconds of CPU time per character at each length */
  usPerChar: number[];
  /** time at 100k / time at 10k */
  ratio100kTo10k: number;
  /** time at 1M / time at 100k */
  ratio1MTo100k: number;
}

export function worstCaseTable(talklint: typeof Talklint, lengths = WORST_CASE_LENGTHS): WorstCaseRow[] {
  const checkTurn = (text: string) => talklint.check({ id: 'worst', channel: 'call', turns: [{ speaker: 'agent', text }] });
  checkTurn('您好,请问有什么可以帮您?不知道。');
  return WORST_CASE_TEXTS.map(({ name, text }) => {
    const seconds = lengths.map((length) => {
      const turn = text(length);
      // short turns take a millisecond or less: the best of several runs, so a burst of load elsewhere does not decide the ratio
      const runs = length >= 1_000_000 ? 1 : length >= 100_000 ? 2 : 7;
      let best = Infinity;
      for (let r = 0; r < runs; r++) {
        // CPU time of this process (user + system), not wall time: on a shared machine other processes' load stays out of it
        const started = process.cpuUsage();
        checkTurn(turn);
        const used = process.cpuUsage(started);
        best = Math.min(best, (used.user + used.system) / 1e6);
      }
      return best;
    });
    const at = (length: number) => seconds[lengths.indexOf(length)];
    return {
      name,
      usPerChar: seconds.map((s, i) => Number(((s * 1e6) / lengths[i]).toPrecision(3))),
      ratio100kTo10k: Number((at(100_000) / at(10_000)).toPrecision(3)),
      ratio1MTo100k: Number((at(1_000_000) / at(100_000)).toPrecision(3)),
    };
  });
}

export function printWorstCase(rows: WorstCaseRow[], lengths = WORST_CASE_LENGTHS): void {
  const head = lengths.map((l) => `${l >= 1e6 ? `${l / 1e6}M` : `${l / 1e3}k`} µs/char`.padStart(14)).join('');
  console.log(`\nworst case, one agent turn:\n${'text'.padEnd(24)}${head}${'100k/10k'.padStart(10)}${'1M/100k'.padStart(9)}`);
  for (const r of rows) console.log(`${r.name.padEnd(24)}${r.usPerChar.map((u) => String(u).padStart(14)).join('')}${String(r.ratio100kTo10k).padStart(10)}${String(r.ratio1MTo100k).padStart(9)}`);
}
