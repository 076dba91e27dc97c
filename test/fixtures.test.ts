/**
 * The fixtures a new user sees first (`talklint check fixtures/`): every transcript's
 * findings, as (rule, turn) pairs, must equal what the contract requires. The
 * expectations in fixtures/.expected.json were decided from the contract
 * (sections 1-3), not copied from talklint's output.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTranscriptFile } from '../src/transcript/read-file.js';
import { expandInputs } from '../src/transcript/find-inputs.js';
import { builtinRules, check, type Transcript } from '../src/index.js';

const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
const expected: Record<string, string[]> = JSON.parse(readFileSync(`${fixturesDir}.expected.json`, 'utf8'));

// the same files, in the same order, as `talklint check fixtures/` reads
const files = expandInputs([fixturesDir]).files;
const parsed = files.map((file) => readTranscriptFile(file, 'utf-8'));
const transcripts: Transcript[] = parsed.flatMap((p) => p.transcripts);

const pairsOf = (findings: ReadonlyArray<{ rule: string; turn: number }>) =>
  [...new Set(findings.map((f) => `${f.rule}@${f.turn}`))].sort();

describe('fixtures folder', () => {
  it('reads every fixture file without an input error', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    expect(parsed.flatMap((p) => p.errors.map((e) => e.message))).toEqual([]);
  });

  it('has unique transcript ids, each with an expectation, and no stale expectation', () => {
    const ids = transcripts.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(expected).sort());
  });

  it('covers every built-in rule at least once', () => {
    const covered = new Set(Object.values(expected).flatMap((pairs) => pairs.map((p) => p.split('@')[0])));
    expect(builtinRules().map((r) => r.meta.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('expects findings only on agent turns (contract section 3: agent turns only)', () => {
    for (const t of transcripts) {
      for (const pair of expected[t.id] ?? []) {
        const turn = Number(pair.split('@')[1]);
        expect(t.turns[turn]?.speaker, `${t.id} ${pair}`).toBe('agent');
      }
    }
  });
});

describe.each(transcripts.map((t) => [t.id, t] as const))('fixture %s', (id, transcript) => {
  it('reports exactly the (rule, turn) pairs the contract requires', () => {
    expect(pairsOf(check(transcript).findings)).toEqual([...(expected[id] ?? [])].sort());
  });

  it("points every span at the turn's original text", () => {
    for (const f of check(transcript).findings.filter((f) => f.start !== undefined)) {
      expect(f.text, `${f.rule}@${f.turn}`).toBe(transcript.turns[f.turn].text.slice(f.start, f.end));
    }
  });
});
