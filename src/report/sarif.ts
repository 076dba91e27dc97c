/**
 * SARIF 2.1.0 output (`--format sarif`), for code-scanning style dashboards:
 * one run, every rule that fired as a reportingDescriptor, every finding a
 * result with a stable ruleId, its level, the file (and line, where the
 * input format has lines) and a partialFingerprint that survives re-checks
 * and pack upgrades; unreadable files are toolExecutionNotifications.
 */
import { createHash } from 'node:crypto';
import type { BatchResult, CheckedItem } from './format.js';
import type { Severity } from '../rules/types.js';
import type { Finding } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface RuleDescription {
  description: string;
  /** where the rule comes from (regulation and clause), for the help text */
  source?: string;
}

/** A file name as a relative URI reference (forward slashes, each segment percent-encoded). */
function uriOf(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** Stable over pack versions and re-checks: the conversation, rule, turn and the text found. */
function fingerprint(item: CheckedItem, f: Finding): string {
  return createHash('sha256').update(`${item.report.id}\u0000${f.rule}\u0000${f.turn}\u0000${f.text ?? ''}`).digest('hex').slice(0, 32);
}

function resultOf(item: CheckedItem, f: Finding, ruleIndex: number) {
  const line = item.lines?.[f.turn];
  const region = line !== undefined ? { startLine: line, ...(f.text && { snippet: { text: f.text } }) } : undefined;
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    // people read this: turns counted from 1 (第 N 句); `properties.turn` keeps the contract's 0-based index
    message: { text: `${item.report.id} 第 ${f.turn + 1} 句:${f.message}${f.suggestion ? `(建议:${f.suggestion})` : ''}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: uriOf(item.file) }, ...(region && { region }) },
        logicalLocations: [{ name: `turn ${f.turn}`, fullyQualifiedName: `${item.report.id}/turn ${f.turn}`, kind: 'member' }],
      },
    ],
    partialFingerprints: { 'talklintFinding/v1': fingerprint(item, f) },
    properties: {
      findingId: f.id,
      transcript: item.report.id,
      turn: f.turn,
      ...(f.start !== undefined && { start: f.start, end: f.end }),
      deduct: f.deduct,
      ...(f.segment && { segment: f.segment }),
    },
  };
}

export function formatSarif(result: BatchResult, version: string, describe: (rule: string) => RuleDescription | undefined): string {
  const ruleIds = [...new Set(result.items.flatMap((i) => i.report.findings.map((f) => f.rule)))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const severityOf = new Map(result.items.flatMap((i) => i.report.findings.map((f) => [f.rule, f.severity] as const)));
  const rules = ruleIds.map((id) => {
    const d = describe(id);
    return {
      id,
      shortDescription: { text: d?.description ?? id },
      ...(d?.source && { help: { text: d.source } }),
      defaultConfiguration: { level: LEVEL[severityOf.get(id)!] },
    };
  });
  const files = [...new Set([...result.items.map((i) => i.file), ...result.inputErrors.map((e) => e.file)])];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'talklint', version, informationUri: 'https://github.com/talklint/talklint', rules } },
        artifacts: files.map((file) => ({ location: { uri: uriOf(file) } })),
        results: result.items.flatMap((item) => item.report.findings.map((f) => resultOf(item, f, index.get(f.rule)!))),
        invocations: [
          {
            executionSuccessful: result.inputErrors.length === 0,
            toolExecutionNotifications: result.inputErrors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(e.file) } } }],
            })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
