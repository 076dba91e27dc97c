// Preloaded into the CLI by bench/run.ts (node --import): writes the process's peak RSS (KiB) on exit.
import { writeFileSync } from 'node:fs';

const file = process.env.TALKLINT_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
