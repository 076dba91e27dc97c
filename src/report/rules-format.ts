/** `talklint rules`: the effective rules of a pack, for people or as JSON. */
import type { Pack } from '../pack/load.js';

export function formatRules(pack: Pack, format: 'pretty' | 'json'): string {
  const rows = pack.rules.map((r) => ({
    id: r.rule.meta.id,
    severity: r.severity,
    redLine: r.redLine,
    deduct: r.deduct,
    description: r.rule.meta.description,
    source: r.rule.meta.source,
    options: r.options,
  }));
  if (format === 'json') return `${JSON.stringify({ pack: pack.name, version: pack.version, rules: rows }, null, 2)}\n`;
  const lines = [`pack ${pack.name} ${pack.version}: ${rows.length} rules`, ''];
  for (const row of rows) {
    lines.push(`${row.id.padEnd(26)} ${row.severity.padEnd(8)} -${String(row.deduct).padEnd(3)}${row.redLine ? ' 红线' : ''}  ${row.description}`);
    const options = Object.entries(row.options as Record<string, unknown>);
    if (options.length > 0) lines.push(`${' '.repeat(28)}选项: ${options.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`);
    for (const s of row.source) lines.push(`${' '.repeat(28)}依据: ${s.seed} ${s.clause}`);
  }
  return `${lines.join('\n')}\n`;
}
