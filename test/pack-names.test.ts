/** A transcript names its pack by name only, and an unknown name is an error for that transcript alone. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFile } from '../src/cli/check-command.js';
import { check } from '../src/index.js';
import { UnknownPackError } from '../src/pack/load.js';

const dir = mkdtempSync(join(tmpdir(), 'talklint-pack-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const turns = [{ speaker: 'agent' as const, text: '您好,工号1024,请问有什么可以帮您?' }];
const options = { failUnder: 60, encoding: 'utf-8' as const, keepTurns: false };

describe('a transcript names its pack', () => {
  it('by a built-in name', () => {
    expect(check({ id: 'a', pack: 'hotline', turns }).pack).toBe('hotline');
  });

  it.each(['./lexicons/general', '/tmp/pack', '../general', 'lexicons/general/pack.yaml'])('never by a path: %s', (path) => {
    expect(() => check({ id: 'a', pack: path, turns })).toThrow(/pack name .*not a path/);
  });

  it('an unknown name is an error naming the available packs', () => {
    expect(() => check({ id: 'a', pack: 'no-such-pack', turns })).toThrow(UnknownPackError);
    expect(() => check({ id: 'a', pack: 'no-such-pack', turns })).toThrow(/available: .*general.*hotline/);
  });

  it('in a batch, an unknown pack fails its own transcript only', async () => {
    const file = join(dir, 'batch.jsonl');
    writeFileSync(file, [{ id: 'good', turns }, { id: 'bad', pack: 'no-such-pack', turns }, { id: 'also-good', pack: 'window', turns }].map((t) => JSON.stringify(t)).join('\n'));
    const result = await checkFile(file, options);
    expect(result.items.map((i) => i.report.id)).toEqual(['good', 'also-good']);
    expect(result.inputErrors).toHaveLength(1);
    expect(result.inputErrors[0].message).toMatch(/batch\.jsonl: transcript bad: unknown pack "no-such-pack"/);
  });

  it('a path in the pack field is an input error of that line', async () => {
    const file = join(dir, 'path.jsonl');
    writeFileSync(file, [{ id: 'good', turns }, { id: 'sneaky', pack: '/etc', turns }].map((t) => JSON.stringify(t)).join('\n'));
    const result = await checkFile(file, options);
    expect(result.items.map((i) => i.report.id)).toEqual(['good']);
    expect(result.inputErrors[0].message).toMatch(/path\.jsonl \(line 2\): pack: .*not a path/);
  });
});
