/**
 * `npm run bench`: talklint side by side with the building blocks a checker
 * could be made of, on one generated corpus, then streaming latency and the
 * batch CLI. Prints a table and writes bench/results.json.
 *
 * It measures the built package (dist/, as shipped; `npm run bench` builds it
 * first). Throughput figures are the best of several interleaved rounds, so a
 * burst of load from elsewhere on the machine hits every contender alike.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Talklint from '../src/index.js';
import type * as Stream from '../src/stream/index.js';
import type { Transcript, TranscriptInput } from '../src/index.js';
import { batchFigures } from './batch.js';
import { DEFAULT_CORPUS, generateCorpus } from './corpus.js';
import { printWorstCase, WORST_CASE_LENGTHS, worstCaseTable } from './worst-case.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const FILES_DIR = join(ROOT, 'bench/corpus/files');
const RSS_HOOK = join(ROOT, 'bench/report-rss.mjs');
const BATCH_FILES = 2000;
const ROUNDS = 5;
const require = createRequire(import.meta.url);

const talklint = (await import(join(ROOT, 'dist/src/index.js'))) as typeof Talklint;

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

// ── corpus ───────────────────────────────────────────────────────────
const inputs: TranscriptInput[] = generateCorpus();
// validation is not part of what is measured
const transcripts: Transcript[] = inputs.map((t) => talklint.TranscriptSchema.parse(t));
const turnTexts = transcripts.flatMap((t) => t.turns.map((u) => u.text));
const agentTexts = transcripts.flatMap((t) => t.turns.filter((u) => u.speaker === 'agent').map((u) => u.text));
const corpusChars = turnTexts.reduce((n, t) => n + t.length, 0);
const corpusBytes = turnTexts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const corpus = {
  seed: DEFAULT_CORPUS.seed,
  transcripts: transcripts.length,
  turns: turnTexts.length,
  chars: corpusChars,
  utf8Bytes: corpusBytes,
  traditionalShare: DEFAULT_CORPUS.traditionalShare,
  asrShare: DEFAULT_CORPUS.asrShare,
  medianTurnChars: [...turnTexts].map((t) => t.length).sort((a, b) => a - b)[turnTexts.length >> 1],
};
console.log(
  `corpus: ${corpus.transcripts} transcripts, ${corpus.turns} turns, ${(corpusChars / 1e6).toFixed(2)} M chars ` +
    `(${(corpusBytes / 1e6).toFixed(1)} MB UTF-8), median turn ${corpus.medianTurnChars} chars`,
);

// ── throughput, in this process ──────────────────────────────────────
const pack = talklint.loadPack('general');
const bannedPhrases = [...new Set(pack.entries.filter((e) => /^(banned|discouraged)\./.test(e.category)).flatMap((e) => e.phrases))];

function checkAll(): number {
  let findings = 0;
  for (const transcript of transcripts) {
    const analyzer = new talklint.ConversationAnalyzer(pack, transcript);
    for (const item of talklint.timeline(transcript)) {
      if (item.kind === 'turn') analyzer.addTurn(item.turn);
      else analyzer.addEvent(item.event);
    }
    findings += analyzer.end().findings.length;
  }
  return findings;
}

interface Contender {
  name: string;
  /** what it does, for the table */
  what: string;
  run: () => number;
}

// talklint runs (and is warmed up) before anything else is loaded, so the peak RSS read here is its own plus the corpus
const contenders: Contender[] = [{ name: 'talklint', what: `check end to end: ${pack.rules.length} rules, report built (parse excluded)`, run: checkAll }];
checkAll();
const talklintPeakRssMb = peakRssMb();

const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
const jieba = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
const OpenCC = require('opencc-js') as { Converter: (o: { from: string; to: string }) => (s: string) => string };
const twToCn = OpenCC.Converter({ from: 'tw', to: 'cn' });
const { AhoCorasick } = (await import('@monyone/aho-corasick')) as typeof import('@monyone/aho-corasick');
const automaton = new AhoCorasick(bannedPhrases);
const { Mint } = require('mint-filter') as typeof import('mint-filter');
const mint = new Mint(bannedPhrases);

contenders.push(
  { name: 'jieba', what: '@node-rs/jieba cut(text, true), every turn', run: () => turnTexts.reduce((n, t) => n + jieba.cut(t, true).length, 0) },
  { name: 'opencc', what: 'opencc-js tw→cn, every turn', run: () => turnTexts.reduce((n, t) => n + twToCn(t).length, 0) },
  {
    name: 'aho-corasick',
    what: `@monyone/aho-corasick, ${bannedPhrases.length} banned phrases, every turn`,
    run: () => turnTexts.reduce((n, t) => n + automaton.matchInText(t).length, 0),
  },
  { name: 'mint-filter', what: 'mint-filter filter(), same phrases, every turn', run: () => turnTexts.reduce((n, t) => n + mint.filter(t, { replace: false }).words.length, 0) },
  {
    name: 'naive includes',
    what: 'String.includes of every phrase, every agent turn',
    run: () => agentTexts.reduce((n, t) => n + bannedPhrases.filter((p) => t.includes(p)).length, 0),
  },
);

for (const c of contenders.slice(1)) c.run(); // warm-up
const best = new Map<string, number>();
const all = new Map<string, number[]>();
for (let r = 0; r < ROUNDS; r++) {
  for (const c of contenders) {
    const started = performance.now();
    c.run();
    const seconds = (performance.now() - started) / 1000;
    all.set(c.name, [...(all.get(c.name) ?? []), round(seconds, 4)]);
    best.set(c.name, Math.min(best.get(c.name) ?? Infinity, seconds));
  }
}
const jiebaSeconds = best.get('jieba')!;
const throughput = contenders.map((c) => {
  const seconds = best.get(c.name)!;
  return {
    name: c.name,
    what: c.what,
    seconds: round(seconds, 4),
    runs: all.get(c.name)!,
    mCharsPerSecond: round(corpusChars / seconds / 1e6),
    transcriptsPerSecond: Math.round(transcripts.length / seconds),
    vsJieba: round(jiebaSeconds / seconds),
  };
});
const benchPeakRssMb = peakRssMb();

// ── streaming ────────────────────────────────────────────────────────
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function latencySummary(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    turns: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

let stream: typeof Stream | undefined;
try {
  stream = (await import(join(ROOT, 'dist/src/stream/index.js'))) as typeof Stream;
} catch {
  stream = undefined; // no streaming module in this build: the analyzer alone is measured
}

/** Feeds each transcript turn by turn, timing every `add` call. */
function streamLatencies(conversations: Transcript[], open: (t: Transcript) => { add: (turn: Transcript['turns'][number]) => void; end: () => void }) {
  const samples: number[] = [];
  for (const t of conversations) {
    const live = open(t);
    for (const turn of t.turns) {
      const started = performance.now();
      live.add(turn);
      samples.push(performance.now() - started);
    }
    live.end();
  }
  return samples;
}
const openAnalyzer = (t: Transcript) => {
  const analyzer = new talklint.ConversationAnalyzer(pack, t);
  return { add: (turn: Transcript['turns'][number]) => analyzer.addTurn(turn), end: () => analyzer.end() };
};
const openLive = (t: Transcript) => {
  const live = new stream!.LiveConversation(pack, t, () => {});
  live.begin();
  return { add: (turn: Transcript['turns'][number]) => live.turn(turn), end: () => live.end() };
};

// the whole corpus, turn by turn (more than 100,000 turns)
streamLatencies(transcripts.slice(0, 200), openAnalyzer); // warm-up
const streaming: Record<string, unknown> = { analyzer: latencySummary(streamLatencies(transcripts, openAnalyzer)) };
if (stream) streaming.liveConversation = latencySummary(streamLatencies(transcripts, openLive));

/** Conversations of `length` turns made of the corpus's turns in order, agent and customer as they came. */
function longConversations(length: number, count: number): Transcript[] {
  const turns = transcripts.flatMap((t) => t.turns.filter((u) => u.speaker !== 'system'));
  return Array.from({ length: count }, (_, k) => ({
    id: `long-${length}-${k}`,
    channel: 'call' as const,
    events: [],
    turns: Array.from({ length }, (_, i) => {
      const turn = turns[(k * length + i) % turns.length];
      return { speaker: turn.speaker, text: turn.text, start: i * 10, end: i * 10 + 5 };
    }),
  }));
}
const byLength = [10, 100, 1000].map((length) => {
  const conversations = longConversations(length, Math.ceil(20000 / length));
  const samples = streamLatencies(conversations, stream ? openLive : openAnalyzer);
  // the last tenth of every conversation: the turns that arrive when it is longest
  const lateSamples = conversations.flatMap((_, k) => samples.slice(k * length, (k + 1) * length).slice(-Math.max(1, length / 10)));
  return { length, all: latencySummary(samples), lastTenth: latencySummary(lateSamples) };
});
streaming.byConversationLength = byLength;
streaming.driver = stream ? 'LiveConversation.turn (src/stream)' : 'ConversationAnalyzer.addTurn';

// ── batch CLI ────────────────────────────────────────────────────────
function writeBatchFiles(): void {
  const stamp = join(FILES_DIR, '.stamp');
  const wanted = `${DEFAULT_CORPUS.seed}:${BATCH_FILES}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  rmSync(FILES_DIR, { recursive: true, force: true });
  mkdirSync(FILES_DIR, { recursive: true });
  inputs.slice(0, BATCH_FILES).forEach((t, i) => writeFileSync(join(FILES_DIR, `${String(i).padStart(5, '0')}.json`), JSON.stringify(t, null, 2)));
  writeFileSync(stamp, wanted);
}

interface CliRun {
  seconds: number;
  peakRssMb: number;
  stdout: string;
  status: number | null;
}
function runCli(args: string[]): CliRun {
  const rssFile = join(ROOT, 'bench/corpus/.rss');
  rmSync(rssFile, { force: true });
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', RSS_HOOK, CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, TALKLINT_BENCH_RSS_FILE: rssFile },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0 && result.status !== 1) throw new Error(`talklint ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return { seconds, peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, stdout: result.stdout, status: result.status };
}
function bestOf(times: number, args: string[]): CliRun {
  const runs = Array.from({ length: times }, () => runCli(args));
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

writeBatchFiles();
const batchArgs = (jobs: number) => ['check', FILES_DIR, '--format', 'jsonl', '--jobs', String(jobs)];
const jobs1 = bestOf(3, batchArgs(1));
const jobs2 = bestOf(3, batchArgs(2));
if (jobs1.stdout !== jobs2.stdout) throw new Error('--jobs 1 and --jobs 2 printed different reports');
const coldFile = join(FILES_DIR, readdirSync(FILES_DIR).filter((f) => f.endsWith('.json'))[0]);
const cold = bestOf(5, ['check', coldFile, '--format', 'json']);
const nodeAlone = Math.min(
  ...Array.from({ length: 5 }, () => {
    const started = performance.now();
    execFileSync(process.execPath, ['-e', '']);
    return (performance.now() - started) / 1000;
  }),
);
const batch = {
  files: BATCH_FILES,
  transcripts: jobs1.stdout.trim().split('\n').length,
  jobs1: { seconds: round(jobs1.seconds), peakRssMb: round(jobs1.peakRssMb) },
  jobs2: { seconds: round(jobs2.seconds), peakRssMb: round(jobs2.peakRssMb) },
  speedup: round(jobs1.seconds / jobs2.seconds),
  coldStartOneFile: { seconds: round(cold.seconds), peakRssMb: round(cold.peakRssMb), nodeAloneSeconds: round(nodeAlone) },
};

// ── worst case and the 10,000-file batch ─────────────────────────────
const worstCase = worstCaseTable(talklint);
const TEN_K = 10_000;
const tenK = batchFigures(ROOT, generateCorpus({ ...DEFAULT_CORPUS, transcripts: TEN_K }), `${DEFAULT_CORPUS.seed}:${TEN_K}`);

// ── report ───────────────────────────────────────────────────────────
const machine = {
  cores: availableParallelism(),
  node: process.version,
  cpu: readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown',
};
const byName = new Map(throughput.map((t) => [t.name, t]));
const talklintRow = byName.get('talklint')!;
const streamP99 = (streaming.liveConversation ?? streaming.analyzer) as ReturnType<typeof latencySummary>;
const targets = [
  { target: 'talklint >= 0.6x jieba throughput', value: talklintRow.vsJieba, met: talklintRow.vsJieba >= 0.6 },
  { target: 'talklint >= 2x mint-filter', value: round(talklintRow.mCharsPerSecond / byName.get('mint-filter')!.mCharsPerSecond), met: talklintRow.mCharsPerSecond >= 2 * byName.get('mint-filter')!.mCharsPerSecond },
  { target: '--jobs 2 >= 1.7x --jobs 1', value: batch.speedup, met: batch.speedup >= 1.7 },
  { target: 'stream p99 <= 1 ms per turn', value: streamP99.p99Ms, met: streamP99.p99Ms <= 1 },
  { target: 'peak RSS <= 150 MB (talklint CLI, --jobs 1)', value: batch.jobs1.peakRssMb, met: batch.jobs1.peakRssMb <= 150 },
  { target: 'cold start, one file <= 0.5 s', value: batch.coldStartOneFile.seconds, met: batch.coldStartOneFile.seconds <= 0.5 },
  { target: 'end to end >= 0.75x read+cut floor (10k files)', value: tenK.endToEndVsFloor, met: tenK.endToEndVsFloor >= 0.75 },
  { target: '--jobs 2 >= 1.6x --jobs 1 (10k files)', value: tenK.jobs2Speedup, met: tenK.jobs2Speedup >= 1.6 },
  { target: 'worst case: 100k/10k time ratio <= 15 (linear)', value: Math.max(...worstCase.map((r) => r.ratio100kTo10k)), met: worstCase.every((r) => r.ratio100kTo10k <= 15) },
];

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const padLeft = (s: string | number, n: number) => String(s).padStart(n);
console.log(`\nmachine: ${machine.cores} cores, ${machine.cpu}, node ${machine.node}`);
console.log(`\n${pad('contender', 16)}${padLeft('seconds', 9)}${padLeft('M chars/s', 11)}${padLeft('transcripts/s', 15)}${padLeft('vs jieba', 10)}  what`);
for (const t of throughput) {
  console.log(`${pad(t.name, 16)}${padLeft(t.seconds, 9)}${padLeft(t.mCharsPerSecond, 11)}${padLeft(t.transcriptsPerSecond, 15)}${padLeft(`${t.vsJieba}x`, 10)}  ${t.what}`);
}
console.log(`peak RSS: ${round(talklintPeakRssMb)} MB after talklint (corpus included), ${round(benchPeakRssMb)} MB with every contender loaded`);
const showLatency = (label: string, l: ReturnType<typeof latencySummary>) =>
  console.log(`${pad(label, 34)}${padLeft(l.turns, 7)} turns  p50 ${l.p50Ms} ms  p95 ${l.p95Ms} ms  p99 ${l.p99Ms} ms  max ${l.maxMs} ms`);
console.log('\nstreaming, per turn:');
showLatency('ConversationAnalyzer.addTurn', streaming.analyzer as ReturnType<typeof latencySummary>);
if (streaming.liveConversation) showLatency('LiveConversation.turn', streaming.liveConversation as ReturnType<typeof latencySummary>);
for (const b of byLength) {
  showLatency(`  length ${b.length}, all turns`, b.all);
  showLatency(`  length ${b.length}, last tenth`, b.lastTenth);
}
console.log(`\nbatch CLI, ${batch.files} files (${batch.transcripts} transcripts):`);
console.log(`  --jobs 1  ${batch.jobs1.seconds} s  peak RSS ${batch.jobs1.peakRssMb} MB`);
console.log(`  --jobs 2  ${batch.jobs2.seconds} s  peak RSS ${batch.jobs2.peakRssMb} MB  (${batch.speedup}x)`);
console.log(`  cold start, one file: ${batch.coldStartOneFile.seconds} s (node alone ${batch.coldStartOneFile.nodeAloneSeconds} s), peak RSS ${batch.coldStartOneFile.peakRssMb} MB`);
console.log(`\nbatch CLI, ${tenK.files} files (${(tenK.chars / 1e6).toFixed(1)} M chars), best of 3 interleaved:`);
console.log(`  read + cut (floor) ${tenK.floorSeconds} s · check --jobs 1 ${tenK.jobs1Seconds} s (${tenK.endToEndVsFloor}x the floor) · --jobs 2 ${tenK.jobs2Seconds} s (${tenK.jobs2Speedup}x)`);
printWorstCase(worstCase);
console.log('\ntargets:');
for (const t of targets) console.log(`  ${t.met ? 'met    ' : 'NOT MET'}  ${pad(t.target, 46)} ${t.value}`);

writeFileSync(
  join(ROOT, 'bench/results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), machine, corpus, throughput, peakRssMb: { talklint: round(talklintPeakRssMb), allContenders: round(benchPeakRssMb) }, streaming, batch, batch10k: tenK, worstCase: { lengths: WORST_CASE_LENGTHS, rows: worstCase }, targets }, null, 2)}\n`,
);
console.log('\nwritten: bench/results.json');
