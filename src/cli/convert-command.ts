/**
 * `talklint convert`: prints the canonical transcript talklint read from a file
 * (or `-`), so a mapping of roles and segments can be seen and fixed before a
 * score is trusted. How it was read (format, roles, warnings) goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { type ImportOptions, importContent } from '../import/registry.js';
import { EXIT, readStdin, STDIN } from './check-command.js';

export async function runConvert(
  file: string,
  options: ImportOptions & { stdinFilename?: string },
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = file === STDIN ? await readStdin() : readFileSync(file);
  } catch (e) {
    err(`talklint: ${file}: cannot read: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  const result = await importContent(file === STDIN ? (options.stdinFilename ?? 'stdin') : file, bytes, options);
  for (const item of result.transcripts) {
    err(`talklint: ${file}: ${item.transcript.id}: read as ${item.source.format}, roles ${item.source.roles}\n`);
    for (const w of item.warnings) err(`talklint: ${file}: ${item.transcript.id}: ${w}\n`);
  }
  for (const e of result.errors) err(`talklint: ${e.message}\n`);
  const transcripts = result.transcripts.map((t) => t.transcript);
  if (transcripts.length > 0) out(`${JSON.stringify(transcripts.length === 1 ? transcripts[0] : transcripts, null, 2)}\n`);
  return result.errors.length > 0 ? EXIT.usage : EXIT.ok;
}
