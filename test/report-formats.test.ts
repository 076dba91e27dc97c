/**
 * The machine and spreadsheet formats: SARIF 2.1.0 valid against the OASIS
 * schema (test/fixtures/sarif-schema-2.1.0.json, from oasis-tcs/sarif-spec
 * sarif-2.1/schema at e0583813), stable ruleIds and fingerprints, levels, lines
 * where the input has them, unreadable files as notifications; JSON entries
 * for unreadable files; CSV with BOM, 第几句 and formula-safe cells, the same
 * as the QA page's export.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkImported } from '../src/import/check-imported.js';
import { importContent } from '../src/import/registry.js';
import { CSV_COLUMNS, csvCell, formatCsv } from '../src/report/csv.js';
import { type BatchResult, formatJson, formatJsonl } from '../src/report/format.js';
import { formatSarif } from '../src/report/sarif.js';
// @ts-expect-error plain browser ES module without types
import * as qaExport from '../server/public/csv-export.js';
import { validate } from './helpers/json-schema.js';

const SCHEMA = JSON.parse(readFileSync(new URL('fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));

const TEXT = '# channel: call\n[00:00] 客服:喂\n[00:02] 客户:我家停水了,怎么回事\n# 备注行\n[00:05] 客服:不知道,你问别人去\n[00:09] 客户:=HYPERLINK("x")';

async function batch(): Promise<BatchResult> {
  const imported = await importContent('calls/停水.txt', Buffer.from(TEXT));
  const items = imported.transcripts.map((t) => {
    const report = checkImported(t, { file: 'calls/停水.txt' });
    return { file: 'calls/停水.txt', report, turns: t.transcript.turns.map((x) => x.text), lines: t.lines, passed: false };
  });
  return { items, inputErrors: [{ file: 'broken.json', message: 'broken.json: not JSON: Unexpected end of JSON input' }], failUnder: 60 };
}

const describeRule = (id: string) => ({ description: `规则 ${id}` });

describe('SARIF', () => {
  it('is valid SARIF 2.1.0', async () => {
    const log = JSON.parse(formatSarif(await batch(), '0.1.0', describeRule));
    expect(validate(SCHEMA, log)).toEqual([]);
  });

  it('the validator is not a rubber stamp: broken logs fail it', async () => {
    const log = JSON.parse(formatSarif(await batch(), '0.1.0', describeRule));
    expect(validate(SCHEMA, { ...log, version: '2.0.0' })).not.toEqual([]);
    const badLevel = structuredClone(log);
    badLevel.runs[0].results[0].level = 'fatal';
    expect(validate(SCHEMA, badLevel).join()).toMatch(/level: not one of/);
    const extra = structuredClone(log);
    extra.runs[0].results[0].turn = 3;
    expect(validate(SCHEMA, extra).join()).toMatch(/unknown property turn/);
  });

  it('each result: stable ruleId and index, level by severity, file and line, a fingerprint, 第 N 句 for people', async () => {
    const log = JSON.parse(formatSarif(await batch(), '0.1.0', describeRule));
    const run = log.runs[0];
    const shirk = run.results.find((r: { ruleId: string }) => r.ruleId === 'banned.shirk');
    expect(run.tool.driver.rules[shirk.ruleIndex].id).toBe('banned.shirk');
    expect(shirk.level).toBe('error');
    expect(shirk.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'calls/%E5%81%9C%E6%B0%B4.txt' }, region: { startLine: 5, snippet: { text: expect.any(String) } } });
    expect(shirk.message.text).toMatch(/第 3 句/);
    expect(shirk.properties.turn).toBe(2);
    expect(Object.keys(shirk.partialFingerprints)).toEqual(['talklintFinding/v1']);
    const warning = run.results.find((r: { level: string }) => r.level === 'warning');
    expect(warning).toBeDefined();
  });

  it('fingerprints do not change when the same input is checked again', async () => {
    const a = JSON.parse(formatSarif(await batch(), '0.1.0', describeRule));
    const b = JSON.parse(formatSarif(await batch(), '0.2.0', describeRule));
    expect(b.runs[0].results.map((r: { partialFingerprints: unknown }) => r.partialFingerprints)).toEqual(a.runs[0].results.map((r: { partialFingerprints: unknown }) => r.partialFingerprints));
  });

  it('unreadable files are error notifications and mark the run unsuccessful', async () => {
    const invocation = JSON.parse(formatSarif(await batch(), '0.1.0', describeRule)).runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      { level: 'error', message: { text: 'broken.json: not JSON: Unexpected end of JSON input' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'broken.json' } } }] },
    ]);
  });
});

describe('JSON and JSON Lines', () => {
  it('list unreadable files as { file, error } entries after the reports', async () => {
    const result = await batch();
    const json = JSON.parse(formatJson(result));
    expect(json.at(-1)).toEqual({ file: 'broken.json', error: 'broken.json: not JSON: Unexpected end of JSON input' });
    expect(json[0].id).toBe('停水');
    expect(formatJsonl(result).trim().split('\n').map((l) => JSON.parse(l))).toEqual(json);
  });
});

describe('CSV', () => {
  it('starts with a BOM, counts turns from 1 and escapes formula-like text', async () => {
    const csv = formatCsv(await batch());
    expect(csv.startsWith('\ufeff')).toBe(true);
    const [header, ...rows] = csv.slice(1).trim().split('\r\n');
    expect(header).toBe(CSV_COLUMNS.join(','));
    expect(rows.find((r) => r.includes('banned.shirk'))).toMatch(/,错误,3,/);
    expect(rows.at(-1)).toMatch(/^broken\.json,.*无法读取:broken\.json: not JSON/);
  });

  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=1,2', '"\'=1,2"'],
  ])('cell %j is written %j', (value, written) => expect(csvCell(value)).toBe(written));

  it('numbers are never escaped (a negative score would still be a number)', () => {
    expect(csvCell(-5)).toBe('-5');
  });

  it('the QA page exports the same columns with the same escaping', () => {
    expect(qaExport.CSV_COLUMNS).toEqual(CSV_COLUMNS);
    fc.assert(fc.property(fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)), (value) => qaExport.csvCell(value) === csvCell(value)));
  });
});
