/** Shared by the stream, server and browser tests: the transcripts to replay, a server on a loopback port, a ws client. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { readTranscriptFile } from '../../src/transcript/read-file.js';
import { expandInputs } from '../../src/transcript/find-inputs.js';
import { timeline } from '../../src/engine/check.js';
import { pickMetadata, type Transcript, TranscriptSchema } from '../../src/transcript/schema.js';
import type { CheckPool } from '../../server/check-pool.js';
import { createTalklintServer, type TalklintServerOptions } from '../../server/server.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** The labelled dev set, when this checkout sits next to the shared folder. */
export const DEV_DIR = [process.env.TALKLINT_DEV_DIR, fileURLToPath(new URL('../../../shared/eval/dev/', import.meta.url)), '/work/shared/eval/dev']
  .filter((d): d is string => Boolean(d))
  .find((d) => existsSync(d));

export interface NamedTranscript {
  name: string;
  transcript: Transcript;
}

/** Every transcript of every file in fixtures/, read now (the folder grows while others work). */
export function fixtureTranscripts(): NamedTranscript[] {
  if (!existsSync(FIXTURES_DIR)) return [];
  return expandInputs([FIXTURES_DIR]).files.flatMap((file) =>
    readTranscriptFile(file, 'utf-8').transcripts.map((transcript) => ({ name: `fixtures/${transcript.id}`, transcript })),
  );
}

export function devTranscripts(): NamedTranscript[] {
  if (!DEV_DIR) return [];
  return readdirSync(DEV_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: `dev/${f}`, transcript: TranscriptSchema.parse(JSON.parse(readFileSync(join(DEV_DIR, f), 'utf8')).transcript) }));
}

export interface RunningServer {
  checkPool: CheckPool;
  base: string;
  wsUrl: string;
  close(): Promise<void>;
}

export async function startServer(options: TalklintServerOptions = {}): Promise<RunningServer> {
  // no drain wait on close unless a test asks for it: test clients keep idle keep-alive sockets open
  const server = createTalklintServer({ ...options, httpLimits: { drainMs: 0, ...options.httpLimits } });
  const { port } = await server.listen(0, '127.0.0.1');
  return { checkPool: server.checkPool, base: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/v1/stream`, close: () => server.close(1000) };
}

export type ServerMessage = Record<string, any> & { type: string; seq: number };

/** A ws client that keeps every message and lets a test wait for the one it needs. */
export class StreamClient {
  readonly messages: ServerMessage[] = [];
  closed?: { code: number; reason: string };
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static connect(url: string, options?: WebSocket.ClientOptions): Promise<StreamClient> {
    const ws = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new StreamClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (after `from`) matching `predicate`; fails after `timeoutMs`. */
  async next(predicate: (m: ServerMessage) => boolean, { from = 0, timeoutMs = 5000 } = {}): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(predicate);
      if (found) return found;
      if (this.closed) throw new Error(`connection closed (${this.closed.code}) before the expected message`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-3))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.closed;
  }

  close(): void {
    this.ws.close();
  }
}

/** Feeds a transcript as a live call would: start, turns (each after a partial of its first half) with events between, end. */
export function replay(client: StreamClient, id: string, transcript: Transcript): void {
  client.send({ type: 'start', id, channel: transcript.channel, ...(transcript.pack && { pack: transcript.pack }), ...pickMetadata(transcript) });
  for (const item of timeline(transcript)) {
    if (item.kind === 'event') {
      client.send({ type: 'event', id, event: item.event });
      continue;
    }
    const { speaker, text, start } = item.turn;
    client.send({ type: 'partial', id, speaker, text: text.slice(0, Math.ceil(text.length / 2)), ...(start !== undefined && { start }) });
    client.send({ type: 'turn', id, ...item.turn });
  }
  client.send({ type: 'end', id });
}
