/**
 * Output formats of `talklint check`: json, jsonl, junit, sarif (sarif.ts),
 * csv (csv.ts) and pretty (for people, colour on a TTY only). Machine formats
 * keep the contract's 0-based `turn`; people see 第 N 句, counted from 1.
 */
import pc from 'picocolors';
import type { Report } from './types.js';

export const FORMATS = ['pretty', 'json', 'jsonl', 'junit', 'sarif', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckedItem {
  file: string;
  report: Report;
  /** the transcript's turn texts, to show findings in context */
  turns: readonly string[];
  /** the line of the file each turn starts on (1-based), where the input format has lines */
  lines?: readonly (number | undefined)[];
  passed: boolean;
}

export interface FailedInput {
  file: string;
  message: string;
}

export interface BatchResult {
  items: CheckedItem[];
  inputErrors: FailedInput[];
  failUnder: number;
}

/** The reports in input order, then one `{ file, error }` entry per file (or part of one) that could not be read (contract section 5). */
function entriesOf(result: BatchResult): unknown[] {
  return [...result.items.map((i) => i.report), ...result.inputErrors.map((e) => ({ file: e.file, error: e.message }))];
}

export function formatJson(result: BatchResult): string {
  return `${JSON.stringify(entriesOf(result), null, 2)}\n`;
}

export function formatJsonl(result: BatchResult): string {
  return entriesOf(result).map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

const xml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export function formatJunit(result: BatchResult): string {
  const byFile = new Map<string, string[]>();
  const counts = { tests: 0, failures: 0, errors: 0 };
  for (const item of result.items) {
    const r = item.report;
    counts.tests++;
    const lines = r.findings.map((f) => `第 ${f.turn + 1} 句 [${f.severity}] ${f.rule}: ${f.message}${f.text ? ` «${f.text}»` : ''}`);
    let body = '';
    if (!item.passed) {
      counts.failures++;
      const why = r.redLine ? `red line, score ${r.score} ${r.grade}` : `score ${r.score} ${r.grade} is under ${result.failUnder}`;
      body = `\n      <failure message="${xml(why)}" type="${r.redLine ? 'redLine' : 'score'}">${xml(lines.join('\n'))}</failure>\n    `;
    } else if (lines.length > 0) {
      body = `\n      <system-out>${xml(lines.join('\n'))}</system-out>\n    `;
    }
    const cases = byFile.get(item.file) ?? [];
    cases.push(`    <testcase classname="${xml(item.file)}" name="${xml(r.id)}">${body}</testcase>`);
    byFile.set(item.file, cases);
  }
  for (const e of result.inputErrors) {
    counts.tests++;
    counts.errors++;
    const cases = byFile.get(e.file) ?? [];
    cases.push(`    <testcase classname="${xml(e.file)}" name="${xml(e.file)}">\n      <error message="${xml(e.message)}" type="input"/>\n    </testcase>`);
    byFile.set(e.file, cases);
  }
  const suites = [...byFile].map(([file, cases]) => {
    const failures = cases.filter((c) => c.includes('<failure')).length;
    const errors = cases.filter((c) => c.includes('<error')).length;
    return `  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${failures}" errors="${errors}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="talklint" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export function formatPretty(result: BatchResult, color: boolean): string {
  const c = pc.createColors(color);
  const gradeColor = (grade: string) => (grade === '不合格' ? c.red : grade === '合格' ? c.yellow : c.green);
  const severityColor = { error: c.red, warning: c.yellow, info: c.cyan } as const;
  const out: string[] = [];
  for (const item of result.items) {
    const r = item.report;
    const mark = item.passed ? c.green('✔') : c.red('✘');
    const redLine = r.redLine ? c.red(c.bold(' 红线')) : '';
    out.push(`${mark} ${c.bold(item.file)} ${c.dim(r.id)}  ${c.bold(String(r.score))} ${gradeColor(r.grade)(r.grade)}${redLine}`);
    for (const w of r.warnings ?? []) out.push(`  ${c.yellow('注意')} ${w}`);
    for (const f of r.findings) {
      const at = f.segment?.start !== undefined ? ` @${f.segment.start}s` : '';
      out.push(`  ${c.dim(`第 ${f.turn + 1} 句${at}`)}  ${severityColor[f.severity](f.severity.padEnd(7))} ${f.message}  ${c.dim(`${f.rule} -${f.deduct}`)}`);
      const sentence = item.turns[f.turn] ?? '';
      if (f.start !== undefined && f.end !== undefined) {
        const mid = sentence.slice(f.start, f.end);
        const marked = color ? c.red(c.bold(c.underline(mid))) : `【${mid}】`;
        out.push(`      ${sentence.slice(0, f.start)}${marked}${sentence.slice(f.end)}`);
      } else if (sentence) {
        out.push(`      ${c.dim(sentence)}`);
      }
      if (f.suggestion) out.push(`      ${c.green('建议:')}${f.suggestion}`);
    }
  }
  const passed = result.items.filter((i) => i.passed).length;
  const redLines = result.items.filter((i) => i.report.redLine).length;
  const findings = result.items.reduce((n, i) => n + i.report.findings.length, 0);
  const failed = result.items.length - passed;
  out.push('');
  out.push(
    `${result.items.length} transcript${result.items.length === 1 ? '' : 's'}: ${c.green(`${passed} passed`)}, ${failed ? c.red(`${failed} failed`) : '0 failed'}` +
      ` (${redLines} red line), ${findings} findings` +
      (result.inputErrors.length ? `, ${c.red(`${result.inputErrors.length} unreadable`)}` : ''),
  );
  return `${out.join('\n')}\n`;
}
