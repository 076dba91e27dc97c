/**
 * The many-machines set-up of docker-compose.yml as local processes, for the
 * multi-process test and `npm run bench:scale`: server replicas and workers
 * from dist/ (the shipped code), and nginx with deploy/nginx.conf pointed at
 * loopback ports. Every process is stopped by `stopAll`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_MAIN = join(ROOT, 'dist/server/main.js');
export const CLI_MAIN = join(ROOT, 'dist/src/cli/main.js');

/** A database of its own on the server of `adminUrl` (a user that may CREATE DATABASE), dropped by `drop`. */
export async function createDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const run = async (statement: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A child process whose output lines are kept, so a test can wait for one. */
export class Proc {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: Array<() => void> = [];

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    let partial = '';
    const collect = (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
      for (const wake of this.waiters.splice(0)) wake();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        for (const wake of this.waiters.splice(0)) wake();
        resolve({ code, signal });
      }),
    );
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find((l) => pattern.test(l));
      if (line) return line;
      if (!this.running) throw new Error(`${this.name} exited before printing ${pattern}:\n${this.lines.slice(-20).join('\n')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name} printed no ${pattern} within ${timeoutMs} ms:\n${this.lines.slice(-20).join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  count(pattern: RegExp): number {
    return this.lines.filter((l) => pattern.test(l)).length;
  }
}

export class Cluster {
  readonly procs: Proc[] = [];
  /** nginx's folders, removed by stopAll */
  private readonly dirs: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  private start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Proc {
    const child = spawn(command, args, { env: { ...process.env, ...this.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = new Proc(name, child);
    this.procs.push(proc);
    return proc;
  }

  async server(name: string): Promise<{ proc: Proc; port: number }> {
    const port = await freePort();
    const proc = this.start(name, process.execPath, [SERVER_MAIN], { PORT: String(port), HOST: '127.0.0.1' });
    await proc.waitFor(/"msg":"listening"/);
    return { proc, port };
  }

  async worker(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Proc> {
    const proc = this.start(name, process.execPath, [CLI_MAIN, 'worker', ...args], env);
    await proc.waitFor(/"msg":"worker ready"/);
    return proc;
  }

  /** nginx with deploy/nginx.conf, its upstream pointed at these ports; returns the port it listens on. */
  async nginx(nginxBinary: string, upstreamPorts: readonly number[]): Promise<number> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'talklint-nginx-'));
    this.dirs.push(dir);
    const site = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8')
      .replace(/^\s*server server\d:8080.*$/gm, '')
      .replace('upstream talklint {', `upstream talklint {\n${upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=5s;`).join('\n')}`)
      .replace(/listen 80;/, `listen 127.0.0.1:${port};`);
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
    const config = `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\ndaemon off;\nworker_processes 1;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  ${temp}\n${site}\n}\n`;
    writeFileSync(join(dir, 'nginx.conf'), config);
    // as root, nginx's workers drop to `nobody`, who must be able to use the temp folders
    execFileSync('chmod', ['755', dir]);
    const proc = this.start('nginx', nginxBinary, ['-p', dir, '-c', join(dir, 'nginx.conf')]);
    for (let tries = 0; ; tries++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return port;
      } catch {
        // not listening yet
      }
      if (!proc.running || tries > 100) throw new Error(`nginx did not start:\n${proc.lines.join('\n')}\n${readFileSync(join(dir, 'error.log'), 'utf8')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.procs.map(async (proc) => {
        if (!proc.running) return;
        proc.child.kill('SIGTERM');
        const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
        await proc.exited;
        clearTimeout(timer);
      }),
    );
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
