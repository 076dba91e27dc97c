/** The rule registry is complete, sorted and documented, and every rule's metadata is usable. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinRules, loadPack } from '../src/index.js';
import { withRuleMetadata } from '../src/report/rules-doc.js';
import { placeholdersOf } from '../src/rules/message-template.js';

const BUILTIN_RULES = builtinRules();
const lexiconCategories = new Set(loadPack('general').entries.map((e) => e.category));

const root = fileURLToPath(new URL('..', import.meta.url));

/** The rule ids of contract section 3. */
const CONTRACT_IDS = [
  'banned.shirk',
  'banned.impatient',
  'banned.confront',
  'banned.vulgar',
  'discouraged.negative',
  'greeting.missing',
  'greeting.late',
  'intro.missing',
  'closing.missing',
  'closing.no_further_help',
  'hold.no_request',
  'hold.no_thanks',
  'complaint.no_apology',
  'defer.no_deadline',
  'address.informal',
  'privacy.sensitive_request',
  'interrupt',
  'response.slow',
  'speech.fast',
  'hangup.agent_first',
];

const ids = BUILTIN_RULES.map((r) => r.meta.id);
const docs = readFileSync(`${root}docs/rules.md`, 'utf8');
const documentedIds = [...docs.matchAll(/^## (\S+)\s*$/gm)].map((m) => m[1]);

describe('rule registry', () => {
  it('has exactly the 20 rules of the contract', () => {
    expect([...ids].sort()).toEqual([...CONTRACT_IDS].sort());
  });

  it('is sorted by id and has no duplicate', () => {
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every rule in docs/rules.md, in registry order, and nothing else', () => {
    expect(documentedIds).toEqual(ids);
  });

  it('has the generated metadata of docs/rules.md up to date (else run `npm run docs`)', () => {
    expect(withRuleMetadata(docs, loadPack('general'))).toBe(docs);
  });
});

describe.each(BUILTIN_RULES.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
  const { meta } = rule;

  it('has a test table test/rules/<id>.test.ts', () => {
    expect(existsSync(`${root}test/rules/${id}.test.ts`)).toBe(true);
  });

  it('has a description, a regulation source, a severity and a deduction', () => {
    expect(meta.description.trim().length).toBeGreaterThan(4);
    expect(meta.source.length).toBeGreaterThan(0);
    for (const source of meta.source) {
      expect(source.seed).toMatch(/^(\d{3}_[0-9a-f]+\.txt|contract)$/);
      expect(source.clause.trim()).not.toBe('');
    }
    expect(['error', 'warning', 'info']).toContain(meta.severity);
    expect(meta.deduct).toBeGreaterThanOrEqual(0);
    expect(typeof meta.redLine).toBe('boolean');
  });

  it('has message templates that use only the placeholders its findings fill', () => {
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    for (const [id, template] of Object.entries(meta.messages)) {
      expect(template.trim(), id).not.toBe('');
      for (const name of placeholdersOf(template)) expect(['text', 'value', 'total', 'shown'], `${id}: {{${name}}}`).toContain(name);
    }
  });

  it('reads only categories the general lexicon has', () => {
    expect(meta.categories.filter((c) => !lexiconCategories.has(c))).toEqual([]);
  });

  it('documents its severity, deduction and red line', () => {
    const section = docs.split(/^## /m).find((s) => s.startsWith(`${id}\n`));
    expect(section, `docs/rules.md has a section ## ${id}`).toBeDefined();
    expect(section).toContain(`severity \`${meta.severity}\``);
    expect(section).toContain(`deduct ${meta.deduct}`);
    expect(section).toContain(meta.redLine ? '红线' : 'not a red line');
  });
});

// rules with options: each defaults when omitted and rejects a value of the wrong type (rules without any have nothing to test here)
const withOptions = BUILTIN_RULES.filter((r) => Object.keys((r.meta.options as unknown as z.ZodObject).shape ?? {}).length > 0);

describe.each(withOptions.map((rule) => [rule.meta.id, rule] as const))('%s options', (_id, { meta }) => {
  const shape = (meta.options as unknown as z.ZodObject).shape;

  it.each(Object.keys(shape))('%s has a default (or is optional)', (key) => {
    const parsed = meta.options.parse({}) as Record<string, unknown>;
    expect(parsed[key] !== undefined || shape[key].safeParse(undefined).success).toBe(true);
  });

  it.each(Object.keys(shape))('%s rejects a value of the wrong type', (key) => {
    expect(meta.options.safeParse({ [key]: { not: 'valid' } }).success).toBe(false);
  });
});

it('there are rules with options to test (the table above is not empty)', () => {
  expect(withOptions.length).toBeGreaterThan(5);
});
