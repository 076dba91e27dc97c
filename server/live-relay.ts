/**
 * Live conversations across server replicas (contract section 7), on Redis:
 *
 * - a lease (`SET NX PX`, renewed while the conversation is live) so one id is
 *   live on one replica at a time; a replica that dies loses its leases when
 *   they run out (LEASE_MS);
 * - every update of a conversation fed here is published on the
 *   conversation's channel, together with its snapshot after the update, so a
 *   sidebar on any other replica that starts watching gets the snapshot and
 *   then every later update, none twice (each carries a revision number).
 *
 * Updates are sent once per turn of the event loop: everything one client
 * message caused goes in one round trip (snapshot + PUBLISH in a MULTI, so
 * a follower's GET of the snapshot and the messages are in one order). The
 * last updates of a conversation and the freeing of its lease are one MULTI:
 * whoever has seen its report (or that it was closed) finds the id free.
 */
import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LiveSnapshot } from '../src/stream/index.js';

export const LEASE_MS = 15_000;
/** a snapshot of an ended or abandoned conversation stays readable this long */
const SNAPSHOT_TTL_SECONDS = 3600;
const KEY = 'talklint:live';

/** What a replica knows of a conversation fed elsewhere, besides its state. */
export interface LiveMeta {
  channel: string;
  pack: string;
  /** the agent the conversation names, for access checks on watch */
  agent?: string;
}

/** A stream message (finding, score, started, …) without its conversation id and sequence number. */
export interface RelayedMessage {
  type: string;
}

export interface Followed {
  snapshot: LiveSnapshot | null;
  meta: LiveMeta | null;
  stop(): void;
}

interface StoredSnapshot {
  rev: number;
  snapshot: LiveSnapshot | null;
  meta: LiveMeta;
}

interface Envelope {
  /** the publishing replica: a replica's own watchers get its updates directly, not through Redis */
  from: string;
  rev: number;
  message: RelayedMessage;
}

interface Publication {
  rev: number;
  meta: LiveMeta;
  pending: RelayedMessage[];
  snapshot: () => LiveSnapshot | null;
  flushing: boolean;
}

interface Following {
  listeners: Set<(message: RelayedMessage) => void>;
  /** messages that arrived before the snapshot was read: kept to drop the ones it already holds */
  early?: Envelope[];
  rev: number;
}

// only the lease's own holder may renew or free it
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const FREE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

const leaseKey = (id: string) => `${KEY}:lease:${id}`;
const snapshotKey = (id: string) => `${KEY}:snapshot:${id}`;
const channelOf = (id: string) => `${KEY}:channel:${id}`;

export class LiveRelay {
  readonly replica = randomUUID();
  private readonly held = new Set<string>();
  private readonly publications = new Map<string, Publication>();
  private readonly following = new Map<string, Following>();
  private readonly renewal: NodeJS.Timeout;

  /**
   * `redis` sends; `subscriber` (a connection of its own: a subscribed one can
   * do nothing else) listens. The relay closes both in close().
   */
  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly logger: Logger,
  ) {
    this.renewal = setInterval(() => this.renewLeases(), LEASE_MS / 3);
    this.renewal.unref();
    subscriber.on('message', (channel: string, raw: string) => this.deliver(channel, raw));
  }

  /** Takes the id for this replica: false when it is live on another one (or this one). */
  async claim(id: string, meta: LiveMeta): Promise<boolean> {
    const taken = await this.redis.set(leaseKey(id), this.replica, 'PX', LEASE_MS, 'NX');
    if (taken !== 'OK') return false;
    this.held.add(id);
    this.publications.set(id, { rev: 0, meta, pending: [], snapshot: () => null, flushing: false });
    return true;
  }

  /** Sends one update to the other replicas' watchers; `snapshot` gives the state after it (read once per flush). */
  publish(id: string, message: RelayedMessage, snapshot: () => LiveSnapshot | null): void {
    const publication = this.publications.get(id);
    if (!publication) return;
    publication.pending.push(message);
    publication.snapshot = snapshot;
    if (!publication.flushing) {
      publication.flushing = true;
      setImmediate(() => void this.flush(id, publication));
    }
  }

  /**
   * Sends what is left to publish and gives the id up, in one transaction; never
   * rejects. An ended conversation's snapshot stays readable (with `ended`); an
   * abandoned one's is removed.
   */
  async release(id: string, { abandoned }: { abandoned: boolean }): Promise<void> {
    const publication = this.publications.get(id);
    this.publications.delete(id);
    this.held.delete(id);
    const batch = this.redis.multi();
    if (publication) this.addPending(batch, id, publication);
    if (abandoned) batch.del(snapshotKey(id));
    batch.eval(FREE, 1, leaseKey(id), this.replica);
    await batch.exec().catch((err: Error) => this.logger.warn({ err: { message: err.message } }, 'live relay: cannot free a lease'));
  }

  /** Follows a conversation whichever replica feeds it (now or later): its snapshot now, then each update. */
  async follow(id: string, listener: (message: RelayedMessage) => void): Promise<Followed> {
    let following = this.following.get(id);
    const first = !following;
    if (!following) {
      following = { listeners: new Set(), early: [], rev: 0 };
      this.following.set(id, following);
    }
    following.listeners.add(listener);
    const stop = () => {
      following.listeners.delete(listener);
      if (following.listeners.size === 0 && this.following.get(id) === following) {
        this.following.delete(id);
        void this.subscriber.unsubscribe(channelOf(id)).catch(() => undefined);
      }
    };
    if (first) await this.subscriber.subscribe(channelOf(id));
    const raw = await this.redis.get(snapshotKey(id));
    const stored: StoredSnapshot | null = raw ? JSON.parse(raw) : null;
    if (first) {
      following.rev = stored?.rev ?? 0;
      const early = following.early ?? [];
      following.early = undefined;
      for (const envelope of early) this.forward(following, envelope);
    }
    return { snapshot: stored?.snapshot ?? null, meta: stored?.meta ?? null, stop };
  }

  async close(): Promise<void> {
    clearInterval(this.renewal);
    await Promise.all([...this.held].map((id) => this.release(id, { abandoned: true })));
    await Promise.all([this.redis.quit(), this.subscriber.quit()]);
  }

  /** Puts the updates not yet sent, and the snapshot after them, into `batch`. */
  private addPending(batch: ChainableCommander, id: string, publication: Publication): void {
    publication.flushing = false;
    if (publication.pending.length === 0) return;
    const messages = publication.pending.splice(0);
    const firstRev = publication.rev + 1;
    publication.rev += messages.length;
    const stored: StoredSnapshot = { rev: publication.rev, snapshot: publication.snapshot(), meta: publication.meta };
    batch.set(snapshotKey(id), JSON.stringify(stored), 'EX', SNAPSHOT_TTL_SECONDS);
    messages.forEach((message, i) => batch.publish(channelOf(id), JSON.stringify({ from: this.replica, rev: firstRev + i, message } satisfies Envelope)));
  }

  private async flush(id: string, publication: Publication): Promise<void> {
    if (publication.pending.length === 0) {
      publication.flushing = false;
      return;
    }
    const batch = this.redis.multi();
    this.addPending(batch, id, publication);
    try {
      await batch.exec();
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'live relay: cannot publish');
    }
  }

  private deliver(channel: string, raw: string): void {
    const id = channel.slice(`${KEY}:channel:`.length);
    const following = this.following.get(id);
    if (!following) return;
    const envelope = JSON.parse(raw) as Envelope;
    if (envelope.from === this.replica) return;
    if (following.early) following.early.push(envelope);
    else this.forward(following, envelope);
  }

  private forward(following: Following, envelope: Envelope): void {
    // a new feeder (after an end, or on another replica) starts counting again from 1
    if (envelope.rev <= following.rev && envelope.message.type !== 'started') return;
    following.rev = envelope.rev;
    for (const listener of following.listeners) listener(envelope.message);
  }

  private renewLeases(): void {
    for (const id of this.held) {
      this.redis.eval(RENEW, 1, leaseKey(id), this.replica, LEASE_MS).then(
        (renewed) => {
          if (renewed === 0) this.logger.warn({ id }, 'live relay: lease lost');
        },
        (err) => this.logger.warn({ err: { message: (err as Error).message } }, 'live relay: cannot renew a lease'),
      );
    }
  }
}
