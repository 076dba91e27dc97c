/** `talklint check`: read inputs, check every transcript, print in the chosen format, set the exit code. */
import { readFileSync } from 'node:fs';
import { check } from '../engine/check.js';
import { loadPack, type Pack } from '../pack/load.js';
import { type BatchResult, type CheckedItem, type Format, formatJson, formatJsonl, formatJunit, formatPretty } from '../report/format.js';
import { decode, type Encoding, InputError, parseContent } from '../transcript/parse.js';
import { expandInputs } from './inputs.js';

export interface CheckCommandOptions {
  pack?: string;
  format: Format;
  failUnder: number;
  encoding: Encoding;
  color: boolean;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function readTranscriptFile(file: string, encoding: Encoding) {
  try {
    return parseContent(file, decode(file, readFileSync(file), encoding));
  } catch (err) {
    const error = err instanceof InputError ? err : new InputError(file, undefined, `cannot read: ${(err as Error).message}`);
    return { file, transcripts: [], errors: [error] };
  }
}

export function runCheck(
  args: string[],
  options: CheckCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void,
): number {
  const { files, missing } = expandInputs(args);
  for (const m of missing) err(`talklint: ${m}: no such file, folder or matching glob\n`);
  if (files.length === 0) {
    err('talklint: no transcript files (.json, .jsonl, .txt) to check\n');
    return EXIT.usage;
  }
  const packs = new Map<string, Pack>();
  const packFor = (name: string) => {
    let pack = packs.get(name);
    if (!pack) packs.set(name, (pack = loadPack(name)));
    return pack;
  };
  if (options.pack) packFor(options.pack);

  const result: BatchResult = { items: [], inputErrors: [], failUnder: options.failUnder };
  for (const file of files) {
    const parsed = readTranscriptFile(file, options.encoding);
    for (const e of parsed.errors) {
      result.inputErrors.push({ file, message: e.message });
      err(`talklint: ${e.message}\n`);
    }
    for (const transcript of parsed.transcripts) {
      const report = check(transcript, { pack: packFor(options.pack ?? transcript.pack ?? 'general') });
      const item: CheckedItem = {
        file,
        report,
        turns: transcript.turns.map((t) => t.text),
        passed: !report.redLine && report.score >= options.failUnder,
      };
      result.items.push(item);
    }
  }
  const formatted = {
    json: () => formatJson(result),
    jsonl: () => formatJsonl(result),
    junit: () => formatJunit(result),
    pretty: () => formatPretty(result, options.color),
  }[options.format]();
  out(formatted);
  if (missing.length > 0 || result.inputErrors.length > 0) return EXIT.usage;
  return result.items.every((i) => i.passed) ? EXIT.ok : EXIT.failed;
}
