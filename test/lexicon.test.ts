/**
 * The lexicon DATA of the general pack, and the errors a broken lexicon file
 * gives. Each entry's own examples are run: `hit` sentences, spoken by an
 * agent, must produce a hit of that entry, `miss` sentences none.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPack } from '../src/index.js';
import { loadLexiconDir } from '../src/lexicon/load.js';
import { normalize, normalizePhrase } from '../src/text/normalize.js';
import { DataFileError } from '../src/util/yaml-file.js';
import { containsSoundAlike } from './helpers/sounds-alike.js';

const generalDir = fileURLToPath(new URL('../lexicons/general/', import.meta.url));
const seedsDir = fileURLToPath(new URL('../../shared/seeds/', import.meta.url));
const loaded = loadLexiconDir(generalDir);
const entries = loaded.map((l) => l.entry);
const pack = loadPack('general');

/** Categories whose hits are findings at once: each needs the courteous alternative. */
const FINDING_CATEGORIES = /^(banned|discouraged)\./;

describe('general lexicon data', () => {
  it('has entries in every lexicon file', () => {
    expect(new Set(loaded.map((l) => l.file)).size).toBeGreaterThanOrEqual(2);
    expect(entries.length).toBeGreaterThan(30);
  });

  // unique ids need no test here: loadLexiconDir refuses a duplicate (see 'a duplicate entry id' below)
  it('puts no normalised phrase in two entries, whatever the category', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const entry of entries) {
      for (const phrase of entry.phrases) {
        const key = normalizePhrase(phrase);
        const other = owner.get(key);
        if (other !== undefined && other !== entry.id) clashes.push(`${phrase}: ${other} / ${entry.id}`);
        owner.set(key, entry.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('has no phrase or allow context that normalises to nothing, and no phrase twice in one entry', () => {
    for (const entry of entries) {
      const phrases = entry.phrases.map(normalizePhrase);
      expect(phrases.filter((p) => p === ''), entry.id).toEqual([]);
      expect(entry.allow.map(normalizePhrase).filter((p) => p === ''), entry.id).toEqual([]);
      expect(new Set(phrases).size, `${entry.id} repeats a phrase`).toBe(phrases.length);
    }
  });

  it('gives every entry a regulation source (seed and clause)', () => {
    for (const entry of entries) {
      expect(entry.source.seed, entry.id).toMatch(/^(\d{3}_[0-9a-f]{16}\.txt|contract)$/);
      expect(entry.source.clause.trim().length, entry.id).toBeGreaterThan(2);
    }
  });

  it.skipIf(!existsSync(seedsDir))('names seed files that exist', () => {
    for (const entry of entries) {
      if (entry.source.seed !== 'contract') expect(existsSync(join(seedsDir, entry.source.seed)), entry.id).toBe(true);
    }
  });

  it('gives every banned and discouraged entry a suggestion', () => {
    const missing = entries.filter((e) => FINDING_CATEGORIES.test(e.category) && !e.suggestion?.trim()).map((e) => e.id);
    expect(missing).toEqual([]);
  });

  it('has at least one hit example for every entry', () => {
    expect(entries.filter((e) => e.examples.hit.length === 0).map((e) => e.id)).toEqual([]);
  });

  // an allow context must contain one of the entry's phrases (or, for pinyin hits, a word that sounds like one), or it can never excuse a hit
  it('has allow contexts that contain one of their entry\'s phrases or a sound-alike', () => {
    for (const entry of entries.filter((e) => e.phrases.length > 0)) {
      const phrases = entry.phrases.map(normalizePhrase);
      for (const allow of entry.allow.map(normalizePhrase)) {
        const covers = phrases.some((p) => allow.includes(p) || (entry.fuzzy && p.length >= 3 && containsSoundAlike(allow, p)));
        expect(covers, `${entry.id}: allow ${allow}`).toBe(true);
      }
    }
  });
});

const hitsOfEntry = (sentence: string, id: string) => pack.matcher.match(normalize(sentence)).filter((h) => h.entry.id === id);

describe.each(entries.map((e) => [e.id, e] as const))('entry %s', (id, entry) => {
  it.each(entry.examples.hit)('hits %j', (sentence) => {
    const hits = hitsOfEntry(sentence, id);
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(sentence.slice(hit.start, hit.end)).toBe(hit.text);
  });
  if (entry.examples.miss.length > 0) {
    it.each(entry.examples.miss)('misses %j', (sentence) => {
      expect(hitsOfEntry(sentence, id).map((h) => h.text)).toEqual([]);
    });
  }
});

// ── broken lexicon files: the error names the file and the line ─────────────

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A root pack folder with one lexicon file `words.yaml`; returns the folder and the lexicon file's path. */
function tempPack(lexicon: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'talklint-lexicon-'));
  tempDirs.push(dir);
  writeFileSync(join(dir, 'pack.yaml'), 'name: broken\nversion: 0.0.1\nextends: null\n');
  // a root pack has only its own rules: one that reads the category of the entries below
  writeFileSync(join(dir, 'rules.yaml'), "rules:\n  - { id: broken.shirk, kind: banned, match: { category: banned.shirk }, message: '推诿:{{text}}', description: 推诿, source: { seed: contract, clause: '3' } }\n");
  const file = join(dir, 'words.yaml');
  writeFileSync(file, lexicon);
  return { dir, file };
}

function errorOf(load: () => unknown): DataFileError {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return err as DataFileError;
  }
  throw new Error('expected a DataFileError, but the pack loaded');
}

const ENTRY = `entries:
  - id: shirk.test
    category: banned.shirk
    phrases: [不知道]
    suggestion: 我帮您查一下
    source: { seed: contract, clause: 'section 3' }
`;

describe('word classes', () => {
  it('writes a class into the patterns that name it, members normalised and escaped', () => {
    const classes = 'classes:\n  who: [商家, 快递员, a.b]\n';
    const { dir } = tempPack(classes + ENTRY.replace('    phrases: [不知道]\n', "    phrases: [不知道]\n    patterns: ['找{who}去']\n"));
    const matcher = loadPack(dir).matcher;
    const texts = (sentence: string) => matcher.match(normalize(sentence)).map((h) => h.text);
    expect(texts('你找快递员去')).toEqual(['找快递员去']);
    expect(texts('找A.B去')).toEqual(['找A.B去']);
    expect(texts('找axb去')).toEqual([]);
  });
});

describe('broken lexicon files', () => {
  it('loads the valid base entry (so each case below breaks one thing only)', () => {
    const { dir } = tempPack(ENTRY);
    expect(loadLexiconDir(dir).map((l) => l.entry.id)).toEqual(['shirk.test']);
  });

  it.each([
    ['an unknown key', ENTRY.replace('    suggestion:', '    suggestoin:'), 5, /suggestoin/],
    ['a wrong type', ENTRY.replace('phrases: [不知道]', 'phrases: 不知道'), 4, /phrases/],
    ['an unknown category', ENTRY.replace('category: banned.shirk', 'category: banned.rude'), 3, /category/],
    ['a bad regex', ENTRY.replace('    phrases: [不知道]\n', "    phrases: [不知道]\n    patterns: ['不知(道']\n"), 5, /RE2.*missing closing \)/],
    ['a lookahead (RE2 has none)', ENTRY.replace('    phrases: [不知道]\n', "    phrases: [不知道]\n    patterns: ['不知(?!道)']\n"), 5, /lookahead/],
    ['a missing source', ENTRY.replace("    source: { seed: contract, clause: 'section 3' }\n", ''), 2, /source/],
    ['a YAML syntax error', ENTRY.replace('phrases: [不知道]', 'phrases: [不知道'), undefined, /YAML/],
    ["an unknown word class", ENTRY.replace('    phrases: [不知道]\n', "    phrases: [不知道]\n    patterns: ['找{nobody}去']\n"), 5, /word class/],
  ])('%s', (_what, text, line, detail) => {
    const { dir, file } = tempPack(text);
    const error = errorOf(() => loadPack(dir));
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(detail);
    expect(error.line).toBeDefined();
    if (line !== undefined) expect(error.line).toBe(line);
    expect(error.message).toContain(`${file}:${error.line}`);
  });

  it('a phrase in two entries of one category, naming the second entry\'s line', () => {
    const twin = ENTRY.replace('entries:\n', '').replace('id: shirk.test', 'id: shirk.twin').replace('[不知道]', '[不 知 道]');
    const { dir, file } = tempPack(ENTRY + twin);
    const error = errorOf(() => loadPack(dir));
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/shirk\.test/);
    expect(error.line).toBe(9);
  });

  it('a duplicate entry id', () => {
    const { dir, file } = tempPack(ENTRY + ENTRY.replace('entries:\n', '').replace('[不知道]', '[不清楚]'));
    const error = errorOf(() => loadPack(dir));
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/duplicate entry id/);
    expect(error.line).toBe(7);
  });
});
