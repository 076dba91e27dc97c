/**
 * What a live conversation has received so far, kept on disk
 * (TALKLINT_LIVE_DIR) so that a feeder can resume it after a server restart:
 * one JSON Lines file per conversation, a header line then one line per turn
 * or event, appended as each arrives and removed at `end` or when the
 * conversation is abandoned. Replaying the lines through a fresh
 * LiveConversation gives exactly the state the old process had (analysis is
 * deterministic). The files hold transcript text: the folder is created
 * private (0700, files 0600) and a file older than the resume window is
 * deleted unread.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConversationEvent, Turn } from '../src/transcript/schema.js';

export interface JournalHeader {
  id: string;
  channel: 'call' | 'chat';
  pack: string;
  /** the start message's metadata (agent, team …) */
  metadata: Record<string, unknown>;
  /** who fed it (access scope), when access control is on */
  owner?: string;
}

export type JournalItem = { turn: Turn } | { event: ConversationEvent };

export interface LiveJournal {
  begin(header: JournalHeader): void;
  append(id: string, item: JournalItem): void;
  remove(id: string): void;
  read(id: string): { header: JournalHeader; items: JournalItem[] } | undefined;
}

export class FileLiveJournal implements LiveJournal {
  constructor(
    private readonly dir: string,
    /** files untouched for longer than this are stale (the resume window) */
    private readonly maxAgeMs: number,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) if (name.endsWith('.jsonl')) this.dropIfStale(join(dir, name));
  }

  begin(header: JournalHeader): void {
    writeFileSync(this.file(header.id), `${JSON.stringify(header)}\n`, { mode: 0o600 });
  }

  append(id: string, item: JournalItem): void {
    appendFileSync(this.file(id), `${JSON.stringify(item)}\n`);
  }

  remove(id: string): void {
    rmSync(this.file(id), { force: true });
  }

  read(id: string): { header: JournalHeader; items: JournalItem[] } | undefined {
    const file = this.file(id);
    if (this.dropIfStale(file)) return undefined;
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      return undefined;
    }
    // a line cut short by a crash is the last one: what came before it stands
    const parsed = lines.filter(Boolean).flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
    const [header, ...items] = parsed as [JournalHeader, ...JournalItem[]];
    return header?.id === id ? { header, items } : undefined;
  }

  /** Ids can be phone numbers and hold any character: files are named by a hash. */
  private file(id: string): string {
    return join(this.dir, `${createHash('sha256').update(id).digest('hex').slice(0, 32)}.jsonl`);
  }

  private dropIfStale(file: string): boolean {
    try {
      if (Date.now() - statSync(file).mtimeMs <= this.maxAgeMs) return false;
    } catch {
      return true;
    }
    rmSync(file, { force: true });
    return true;
  }
}
