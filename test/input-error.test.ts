/** The library's input boundary: anything given to check() validates or throws one TalklintInputError. */
import { describe, expect, it } from 'vitest';
import { check, TalklintInputError } from '../src/index.js';

const caught = (input: unknown): unknown => {
  try {
    check(input as never);
  } catch (err) {
    return err;
  }
  return undefined;
};

describe('check() input errors', () => {
  const circular: Record<string, unknown> = { id: 'c', turns: [] };
  (circular.turns as unknown[]).push({ speaker: circular, text: circular });
  const throwingGetter = { id: 'g', get turns(): never { throw new Error('boom'); } };
  const cases: Array<[string, unknown, { path: string; message: RegExp }]> = [
    ['a bigint speaker', { id: 'b', turns: [{ speaker: 10n, text: '您好' }] }, { path: 'turns[0].speaker', message: /unknown speaker 10n/ }],
    ['a bigint time', { id: 'b', turns: [{ speaker: 'agent', text: '您好', start: 1n }] }, { path: 'turns[0].start', message: /expected number/ }],
    ['a circular object', circular, { path: 'turns[0].speaker', message: /unknown speaker an object/ }],
    ['a getter that throws', throwingGetter, { path: '', message: /cannot be read/ }],
    ['null', null, { path: '', message: /expected object/ }],
    ['a number', 5, { path: '', message: /expected object/ }],
  ];
  it.each(cases)('%s gives a TalklintInputError with {path, message} problems', (_name, input, first) => {
    const error = caught(input);
    expect(error).toBeInstanceOf(TalklintInputError);
    const problems = (error as TalklintInputError).problems;
    expect(problems[0]).toEqual({ path: first.path, message: expect.stringMatching(first.message) });
    // a readable message, not a JSON array of issues
    expect((error as Error).message).not.toMatch(/^\s*\[/);
  });

  it('lists every problem, not only the first', () => {
    const error = caught({ turns: [{ speaker: 'robot' }] }) as TalklintInputError;
    expect(error.problems.map((p) => p.path)).toEqual(['id', 'turns[0].speaker', 'turns[0].text']);
    expect(error.message).toMatch(/^id: .*; turns\[0\]\.speaker: unknown speaker "robot"/);
  });
});
