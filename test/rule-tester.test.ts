/** The rule tester itself: it refuses tables that could not fail, and its comparisons catch a wrong span or message id. */
import { describe, expect, it } from 'vitest';
import { ruleTester } from './helpers/rule-tester.js';

describe('ruleTester refuses a table that proves nothing', () => {
  it.each([
    ['an unknown rule id', () => ruleTester('banned.shrik', { valid: [], invalid: [{ code: '不知道', findings: [{ turn: 0, text: '不知道' }] }] }), /no rule "banned\.shrik"/],
    ['an invalid case without a finding', () => ruleTester('banned.shirk', { valid: [], invalid: [{ code: '不知道', findings: [] }] }), /without an expected finding/],
    ['no invalid case', () => ruleTester('banned.shirk', { valid: ['您好'], invalid: [] }), /no invalid case/],
    ['an unknown message id', () => ruleTester('banned.shirk', { valid: [], invalid: [{ code: '不知道', findings: [{ turn: 0, text: '不知道', messageId: 'nope' }] }] }), /unknown messageId "nope"/],
    ['the same case twice', () => ruleTester('banned.shirk', { valid: ['您好'], invalid: [{ code: '您好', findings: [{ turn: 0, text: '您好' }] }] }), /duplicate case/],
  ])('%s', (_what, register, error) => {
    expect(register).toThrow(error);
  });
});

// each case below is wrong on purpose: run with it.fails, it passes only because the tester catches the mistake
ruleTester('banned.shirk', {
  valid: [],
  invalid: [
    { code: '不知道,不知道', findings: [{ turn: 0, text: '不知道' }, { turn: 0, text: '不知道', start: 0 }], bug: 'self-test: the second span is at 4, not 0' },
    { code: '我也不知道', findings: [{ turn: 0, text: '不知道', messageId: 'more' }], bug: 'self-test: the message id is found, not more' },
    { code: '这个不清楚', findings: [{ turn: 0 }], bug: 'self-test: the finding has a span' },
    { code: '您问别人去', findings: [{ turn: 0, text: '问别人去' }, { turn: 0, text: '您' }], bug: 'self-test: one finding, not two' },
  ],
});
