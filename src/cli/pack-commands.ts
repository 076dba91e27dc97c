/** `talklint packs` and `talklint pack test <pack>`. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { loadPack } from '../pack/load.js';
import { namedPackNames } from '../pack/named-packs.js';
import { formatPackTestResult, packTestsFile, runPackTests } from '../engine/pack-tests.js';
import { readYamlFile } from '../util/yaml-file.js';
import { PackTestsFileSchema } from '../pack/schema.js';

export function formatPacks(format: 'pretty' | 'json'): string {
  const rows = namedPackNames().map((name) => {
    const pack = loadPack(name);
    const testsFile = packTestsFile(pack);
    return {
      name: pack.name,
      version: pack.version,
      extends: pack.lineage.length > 1 ? pack.lineage[pack.lineage.length - 2] : null,
      rules: pack.rules.length,
      customRules: pack.rules.filter((r) => r.custom).length,
      lexiconEntries: pack.entries.length,
      tests: existsSync(testsFile) ? readYamlFile(testsFile, PackTestsFileSchema).tests.length : 0,
      description: pack.description ?? '',
    };
  });
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const header = `${'pack'.padEnd(12)} ${'version'.padEnd(8)} ${'extends'.padEnd(10)} rules  own  entries  tests  description`;
  const lines = rows.map(
    (r) =>
      `${r.name.padEnd(12)} ${r.version.padEnd(8)} ${(r.extends ?? '-').padEnd(10)} ${String(r.rules).padStart(5)} ${String(r.customRules).padStart(4)} ${String(r.lexiconEntries).padStart(8)} ${String(r.tests).padStart(6)}  ${r.description}`,
  );
  return `${[header, ...lines].join('\n')}\n`;
}

export function registerPackCommands(program: Command): void {
  program
    .command('packs')
    .description('list the built-in packs with version, parent, rule and test counts')
    .option('--format <format>', 'pretty or json', 'pretty')
    .action((opts: { format: 'pretty' | 'json' }) => {
      process.stdout.write(formatPacks(opts.format === 'json' ? 'json' : 'pretty'));
    });
  program
    .command('pack')
    .description('work with a pack')
    .command('test')
    .description("run a pack's own examples (tests.yaml) and print a per-rule pass table")
    .argument('<packs...>', 'pack names or folders')
    .action((packs: string[]) => {
      let failed = 0;
      for (const name of packs) {
        const result = runPackTests(loadPack(name));
        process.stdout.write(formatPackTestResult(result));
        failed += result.failures.length;
        if (result.tests === 0) {
          process.stderr.write(`talklint: pack ${name} has no tests.yaml examples\n`);
          failed++;
        }
      }
      process.exitCode = failed > 0 ? 1 : 0;
    });
}
