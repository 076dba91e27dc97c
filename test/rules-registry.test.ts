/** The rule registry is complete, sorted and documented, and every rule's metadata is usable. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUILTIN_RULES } from '../src/index.js';

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

  it('parses empty options to its defaults', () => {
    const parsed = meta.options.parse({}) as Record<string, unknown>;
    const shape = (meta.options as unknown as z.ZodObject).shape ?? {};
    for (const key of Object.keys(shape)) expect(parsed[key], `default of ${key}`).toBeDefined();
  });

  it('rejects options of the wrong type', () => {
    const shape = (meta.options as unknown as z.ZodObject).shape ?? {};
    for (const key of Object.keys(shape)) {
      expect(meta.options.safeParse({ [key]: { not: 'valid' } }).success, key).toBe(false);
    }
  });

  it('documents its severity and deduction', () => {
    const section = docs.split(/^## /m).find((s) => s.startsWith(`${id}\n`)) ?? '';
    expect(section).toContain(meta.severity);
    expect(section).toContain(`${meta.deduct}`);
    expect(section).toContain(meta.redLine ? '红线' : '');
  });
});
