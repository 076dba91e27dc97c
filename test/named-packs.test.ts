/** Packs by name beyond the built-in ones: TALKLINT_PACKS folders and npm packages named talklint-pack-*. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.js';
import { loadPack, packByName, UnknownPackError } from '../src/pack/load.js';
import { namedPackDir, namedPackNames } from '../src/pack/named-packs.js';

let root: string;
const saved = process.env.TALKLINT_PACKS;
const manifest = (name: string) => `name: ${name}\nversion: 2.0.0\ndescription: 组织自己的规则包\nextends: general\nrules:\n  banned.shirk: { deduct: 30 }\n`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'talklint-packs-'));
  mkdirSync(join(root, 'org', 'acme'), { recursive: true });
  writeFileSync(join(root, 'org', 'acme', 'pack.yaml'), manifest('acme'));
  mkdirSync(join(root, 'app', 'node_modules', 'talklint-pack-beta'), { recursive: true });
  writeFileSync(join(root, 'app', 'node_modules', 'talklint-pack-beta', 'pack.yaml'), manifest('beta'));
  mkdirSync(join(root, 'app', 'node_modules', 'unrelated'), { recursive: true });
  process.env.TALKLINT_PACKS = join(root, 'org');
});
afterAll(() => {
  if (saved === undefined) delete process.env.TALKLINT_PACKS;
  else process.env.TALKLINT_PACKS = saved;
  rmSync(root, { recursive: true, force: true });
});

describe('named packs', () => {
  it('a TALKLINT_PACKS folder\'s packs are named like built-in ones, in --pack and in a transcript', () => {
    expect(packByName('acme').version).toBe('2.0.0');
    const report = check({ id: 'p', pack: 'acme', turns: [{ speaker: 'agent', text: '不知道,你问别人去' }] }, { pack: packByName('acme') });
    expect(report).toMatchObject({ pack: 'acme', packVersion: '2.0.0' });
    expect(report.findings.find((f) => f.rule === 'banned.shirk')?.deduct).toBe(30);
  });

  it('npm packages talklint-pack-<name> are found from the working folder up', () => {
    const app = join(root, 'app', 'src');
    mkdirSync(app, { recursive: true });
    expect(namedPackDir('beta', app)).toBe(join(root, 'app', 'node_modules', 'talklint-pack-beta'));
    expect(namedPackNames(app)).toEqual(expect.arrayContaining(['acme', 'beta', 'general']));
    expect(namedPackNames(app)).not.toContain('unrelated');
    expect(loadPack(namedPackDir('beta', app)!).name).toBe('beta');
  });

  it('a built-in name always means the built-in pack', () => {
    mkdirSync(join(root, 'org', 'general'), { recursive: true });
    writeFileSync(join(root, 'org', 'general', 'pack.yaml'), manifest('general'));
    expect(packByName('general').version).not.toBe('2.0.0');
  });

  it('an unknown name lists the names there are', () => {
    expect(() => packByName('gamma')).toThrow(UnknownPackError);
    expect(() => packByName('gamma')).toThrow(/available: .*acme/);
  });
});
