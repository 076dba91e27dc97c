/**
 * Builds dist/ once before the tests when it is missing or older than the
 * sources, so test/cli.test.ts runs the real command line. A failed build does
 * not stop the other suites: the error is handed to the CLI tests (`inject`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** tsc's output when the build failed, else null */
    cliBuildError: string | null;
  }
}

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(root, 'dist/src/cli/main.js');
/** the folders tsconfig.build.json compiles */
const SOURCES = ['src', 'server'];

function newestSource(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, d.name);
    const time = d.isDirectory() ? newestSource(path) : d.name.endsWith('.ts') ? statSync(path).mtimeMs : 0;
    if (time > newest) newest = time;
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(CLI)) return true;
  const built = statSync(CLI).mtimeMs;
  return SOURCES.some((s) => newestSource(join(root, s)) > built) || statSync(join(root, 'tsconfig.build.json')).mtimeMs > built;
}

export default function setup(project: TestProject): void {
  let error: string | null = null;
  if (isStale()) {
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
        cwd: root,
        stdio: 'pipe',
      });
    } catch (err) {
      const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
      error = `npm run build failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? e.message}`;
    }
  }
  project.provide('cliBuildError', error);
}
