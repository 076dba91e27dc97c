/**
 * The WebSocket side (ws 8) at /v1/stream: each connection may feed several
 * conversations (`start` … `end`) and watch others (`watch`, for the agent
 * sidebar); every update of a conversation goes to its feeder and watchers.
 * Every server message carries the connection's own sequence number.
 *
 * Protection: per-message size, turns per conversation, conversations per
 * connection and idle time are limited, each with its own error code; a bad
 * message gets an `error` and the session goes on; a client that does not
 * read (its send buffer over the limit) is dropped so it cannot hold memory
 * or anyone else up.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { z } from 'zod';
import { LiveConversation, type LiveSnapshot, type LiveUpdate } from '../src/stream/index.js';
import { maskPiiDeep } from '../src/text/mask-pii.js';
import { pickMetadata, type TranscriptMetadata, TurnSchema } from '../src/transcript/schema.js';
import { type Authenticator, createAuthenticator } from './auth.js';
import type { Store } from '../src/store/db.js';
import { mayAskToWatch, mayFeed, mayWatch, ownerOf, type StreamPrincipal } from './stream-access.js';
import type { JournalItem, LiveJournal } from './live-journal.js';
import type { Followed, LiveRelay } from './live-relay.js';
import { ApiError, formatPath, RetryLaterError } from './errors.js';
import type { HostGuard } from './host-guard.js';
import { logId } from './log-ids.js';
import type { ServerMetrics } from './metrics.js';
import type { FailedAuthThrottle } from './rate-limits.js';
import type { Pack } from '../src/pack/load.js';
import { packByName } from './packs.js';
import {
  CLOSE_CODES,
  ERROR_CODES,
  type Envelope,
  EnvelopeSchema,
  type ErrorCode,
  EventMessageSchema,
  PartialSchema,
  StartSchema,
  WatchSchema,
} from './protocol.js';

export interface StreamLimits {
  /** largest client message, in bytes (bigger ones get `message_too_large`; over 4× the connection is closed with 1009) */
  messageBytes: number;
  turnsPerConversation: number;
  /** conversations fed or watched at the same time on one connection */
  conversationsPerConnection: number;
  /** a connection that sends nothing for this long is closed */
  idleMs: number;
  /** a client whose unsent data exceeds this is dropped as a slow consumer */
  bufferedBytes: number;
  /** the server pings every connection this often; one that has not answered the previous ping is cut */
  pingMs: number;
  /** a conversation whose feeder went away stays resumable this long, then it is abandoned (0: at once) */
  resumeMs: number;
  /** client messages per second per connection, on average (TALKLINT_WS_MESSAGES_PER_SECOND) … */
  messagesPerSecond: number;
  /** … and in a burst (TALKLINT_WS_MESSAGE_BURST); over it a message is dropped with `rate_limited` */
  messageBurst: number;
}

export const DEFAULT_LIMITS: StreamLimits = {
  messageBytes: 64 * 1024,
  turnsPerConversation: 5000,
  conversationsPerConnection: 16,
  idleMs: 5 * 60_000,
  bufferedBytes: 1024 * 1024,
  pingMs: 30_000,
  resumeMs: 120_000,
  messagesPerSecond: 200,
  messageBurst: 2000,
};

export const STREAM_PATH = '/v1/stream';

export interface StreamServerOptions {
  logger: Logger;
  token?: string;
  limits?: Partial<StreamLimits>;
  /** browser origins other than the server's own that may open the stream (TALKLINT_ALLOWED_ORIGINS) */
  allowedOrigins?: readonly string[];
  /** other replicas' conversations (TALKLINT_REDIS_URL): without it, only this process's */
  relay?: LiveRelay;
  /** live conversations kept on disk so a feeder can resume after a restart (TALKLINT_LIVE_DIR) */
  journal?: LiveJournal;
  /** the users and tokens of the review store, for who may feed and watch what */
  store?: Store;
  /** the HTTP side's Host allow-list and failed-auth throttle, shared */
  hosts?: HostGuard;
  failedAuth?: FailedAuthThrottle;
  metrics?: ServerMetrics;
  /** mask phone, ID-card and bank-card numbers in everything sent (TALKLINT_MASK_PII=1) */
  maskPii?: boolean;
}

/**
 * Browsers send an Origin with every WebSocket upgrade and, unlike fetch, do
 * not enforce CORS on it: without this check any web page could open the
 * stream from a visitor's browser and watch conversations. Clients that are
 * not browsers send no Origin.
 */
function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || allowed.includes(origin)) return true;
  // the server's own origin, scheme included: a page on https://host may not reach ws://host
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return origin === `${scheme}://${req.headers.host}`;
}

/** A conversation id's feeder (while live) and watchers (who stay until they unwatch or leave). */
interface Room {
  live?: LiveConversation;
  /** absent while a live conversation waits for its feeder to resume it */
  feeder?: Connection;
  watchers: Set<Connection>;
  /** while the feeder is away: abandons the conversation when the resume window ends */
  resumeTimer?: NodeJS.Timeout;
  /** a conversation being rebuilt from the journal: its replayed updates go to nobody */
  muted?: boolean;
  /** who started it (stream-access.ts ownerOf): only they may feed or resume it */
  owner?: string;
}

type StartedUpdate = { type: 'started'; channel: string; pack: string; agent?: string; resumed?: boolean; turns?: number; events?: number; snapshot?: LiveSnapshot };

class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

function rejectUpgrade(socket: Duplex, status: number, reason: string, error: ApiError): void {
  const body = JSON.stringify(error.toJSON());
  const retry = error instanceof RetryLaterError ? `Retry-After: ${error.retryAfterSeconds}\r\n` : '';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${retry}Connection: close\r\n\r\n${body}`,
  );
}

export class StreamServer {
  readonly limits: StreamLimits;
  private readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, Room>();
  private readonly connections = new Set<Connection>();
  private nextConnection = 1;
  private readonly heartbeat: NodeJS.Timeout;
  private closing = false;
  /** per conversation ending with a relay: its last messages, held here until its id is free again */
  private readonly ending = new Map<string, Array<() => void>>();
  private readonly auth: Authenticator;

  constructor(
    httpServer: Server,
    readonly options: StreamServerOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.messageBytes * 4 });
    this.auth = createAuthenticator({ token: options.token, store: options.store });
    httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(req, socket, head).catch((err: Error) => {
        this.options.logger.error({ err: { name: err.name } }, 'ws upgrade failed');
        rejectUpgrade(socket, 500, 'Internal Server Error', new ApiError(500, 'internal', 'internal error'));
      });
    });
    this.heartbeat = setInterval(() => {
      for (const connection of this.connections) connection.ping();
    }, this.limits.pingMs);
    this.heartbeat.unref();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname !== STREAM_PATH) {
      return rejectUpgrade(socket, 404, 'Not Found', new ApiError(404, 'not_found', `WebSocket endpoint is ${STREAM_PATH}`));
    }
    if (this.options.hosts && !this.options.hosts.allows(req)) {
      return rejectUpgrade(socket, 403, 'Forbidden', new ApiError(403, 'forbidden_host', 'this server does not answer to that Host; see TALKLINT_ALLOWED_HOSTS'));
    }
    if (!originAllowed(req, this.options.allowedOrigins ?? [])) {
      return rejectUpgrade(socket, 403, 'Forbidden', new ApiError(403, 'forbidden_origin', 'this web origin may not open the stream; see TALKLINT_ALLOWED_ORIGINS'));
    }
    const throttle = this.options.failedAuth;
    const wait = throttle?.retryAfter(req) ?? 0;
    if (wait > 0) return rejectUpgrade(socket, 429, 'Too Many Requests', throttle!.refusal(wait));
    const found = await this.auth.authenticate(req, { allowQuery: true });
    const required = await this.auth.required();
    if (!found && required) {
      throttle?.fail(req);
      return rejectUpgrade(socket, 401, 'Unauthorized', new ApiError(401, 'unauthorized', 'missing or wrong token: Authorization: Bearer … or ?token=…'));
    }
    // access control applies only where credentials are required
    const principal = required ? found!.principal : undefined;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, principal));
  }

  /** Live conversations here, fed now or waiting for their feeder (for /metrics). */
  liveConversations(): number {
    let count = 0;
    for (const room of this.rooms.values()) if (room.live) count++;
    return count;
  }

  /** Tells every client the server is going away and closes the connections; live conversations stay in the journal for a restart. */
  closeAll(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const room of this.rooms.values()) clearTimeout(room.resumeTimer);
    for (const connection of this.connections) connection.shutDown();
  }

  /** Every update of a live conversation: to its feeder and watchers, and through the relay to other replicas. */
  broadcast(id: string, update: LiveUpdate | StartedUpdate): void {
    const room = this.rooms.get(id);
    if (!room || room.muted) return;
    const agent = room.live?.header.agent?.id;
    const audience = [...(room.feeder ? [room.feeder] : []), ...[...room.watchers].filter((w) => w !== room.feeder && mayWatch(w.principal, agent))];
    const deliver = () => {
      for (const connection of audience) {
        connection.send({ ...update, id });
        // a watcher is not idle while its conversation is active
        if (connection !== room.feeder) connection.touch();
      }
    };
    const held = this.ending.get(id);
    if (held) held.push(deliver);
    else deliver();
    const live = room.live;
    if (live) this.options.relay?.publish(id, update, () => live.snapshot());
  }

  /** A new live conversation fed by `feeder`. */
  open(id: string, feeder: Connection, pack: Pack, header: { channel: 'call' | 'chat' } & TranscriptMetadata): LiveConversation {
    const room = this.room(id);
    room.live = new LiveConversation(pack, { ...header, id }, (update) => this.broadcast(id, update));
    room.feeder = feeder;
    room.owner = ownerOf(feeder.principal);
    return room.live;
  }

  /** The conversation `id` from the journal, replayed silently; undefined when it has none. */
  restore(id: string, feeder: Connection): LiveConversation | undefined {
    const saved = this.options.journal?.read(id);
    if (!saved) return undefined;
    if ((saved.header.owner ?? '') !== ownerOf(feeder.principal)) {
      throw new ProtocolError(ERROR_CODES.duplicateConversation, `conversation "${id}" belongs to another feeder`, 'id');
    }
    const { channel, pack, metadata } = saved.header;
    const live = this.open(id, feeder, packByName(pack), { ...pickMetadata(metadata), channel });
    const room = this.room(id);
    room.muted = true;
    try {
      for (const item of saved.items) {
        if ('turn' in item) live.turn(item.turn);
        else live.event(item.event);
      }
    } finally {
      room.muted = false;
    }
    this.options.logger.info({ conv: logId(id), turns: live.turns, events: live.events }, 'conversation restored from the journal');
    return live;
  }

  /** The feeder of `id` went away: the conversation waits for it to resume (a new `start` with `resume`). */
  detach(id: string): void {
    const room = this.rooms.get(id);
    if (!room?.live) return;
    room.feeder = undefined;
    if (this.closing) return; // the journal keeps it for the next process
    if (this.limits.resumeMs === 0) return this.abandon(id);
    room.resumeTimer = setTimeout(() => this.abandon(id), this.limits.resumeMs);
    room.resumeTimer.unref();
  }

  /** A feeder takes (back) a live conversation. */
  attach(id: string, feeder: Connection): void {
    const room = this.room(id);
    clearTimeout(room.resumeTimer);
    room.resumeTimer = undefined;
    room.feeder = feeder;
  }

  journal(id: string, item: JournalItem): void {
    this.options.journal?.append(id, item);
  }

  /** The conversation is over (`ended`) or given up: watchers, other replicas and the journal are told. */
  /** With a relay, "report received" must mean "id free on every replica": an ending conversation's last messages wait for its lease. */
  holdDeliveries(id: string): void {
    this.ending.set(id, []);
  }

  takeHeld(id: string): Array<() => void> {
    const held = this.ending.get(id) ?? [];
    this.ending.delete(id);
    return held;
  }

  /**
   * The conversation is over (`ended`) or given up: watchers, other replicas
   * and the journal are told. With a relay, resolves once the id is free on every replica.
   */
  close(id: string, { ended, leased = true }: { ended: boolean; leased?: boolean }): Promise<void> | undefined {
    const room = this.rooms.get(id);
    if (!room?.live) return undefined;
    const relay = this.options.relay;
    const closed = { type: 'error', code: ERROR_CODES.conversationClosed, message: `conversation "${id}" was closed before its end` };
    if (!ended && leased) {
      relay?.publish(id, closed, () => null);
      this.options.logger.info({ conv: logId(id), turns: room.live.turns }, 'conversation abandoned');
    }
    const freed = relay && leased ? relay.release(id, { abandoned: !ended }) : undefined;
    if (!ended && leased) {
      const tell = [...room.watchers];
      const notify = () => tell.forEach((w) => w.sendError(closed.code, closed.message, { id }));
      if (freed) void freed.then(notify);
      else notify();
    }
    if (leased) this.options.journal?.remove(id);
    clearTimeout(room.resumeTimer);
    room.live = undefined;
    room.feeder = undefined;
    this.dropRoomIfEmpty(id);
    return freed;
  }

  private abandon(id: string): void {
    void this.close(id, { ended: false });
  }

  private accept(ws: WebSocket, principal: StreamPrincipal): void {
    const connection = new Connection(ws, this.nextConnection++, this, principal);
    this.connections.add(connection);
    ws.on('close', (code) => {
      this.connections.delete(connection);
      connection.release();
      this.options.logger.info({ conn: connection.number, code }, 'ws closed');
    });
    this.options.logger.info({ conn: connection.number }, 'ws connected');
  }

  room(id: string): Room {
    let room = this.rooms.get(id);
    if (!room) this.rooms.set(id, (room = { watchers: new Set() }));
    return room;
  }

  dropRoomIfEmpty(id: string): void {
    const room = this.rooms.get(id);
    if (room && !room.live && room.watchers.size === 0) this.rooms.delete(id);
  }

  peekRoom(id: string): Room | undefined {
    return this.rooms.get(id);
  }
}

class Connection {
  private seq = 0;
  /** conversations this connection feeds */
  private readonly fed = new Map<string, LiveConversation>();
  private readonly watched = new Set<string>();
  /** conversations watched through the relay (fed on another replica, or not yet started) */
  private readonly followed = new Map<string, Followed>();
  private readonly idleTimer: NodeJS.Timeout;
  private dropped = false;
  /** answered the last ping */
  private alive = true;
  /** messages that wait while a start takes its lease: a connection's messages are handled in order */
  private backlog: Array<[Buffer, boolean]> | undefined;

  /** message-rate bucket: tokens left and when it was last filled */
  private tokens: number;
  private filledAt = Date.now();
  private rateErrorAt = 0;

  constructor(
    private readonly ws: WebSocket,
    readonly number: number,
    private readonly server: StreamServer,
    readonly principal: StreamPrincipal,
  ) {
    this.tokens = server.limits.messageBurst;
    this.idleTimer = setTimeout(() => this.idle(), server.limits.idleMs);
    this.idleTimer.unref();
    ws.on('message', (data: Buffer, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (err) => this.server.options.logger.warn({ conn: number, err: { name: err.name, code: (err as { code?: string }).code } }, 'ws error'));
  }

  private get logger(): Logger {
    return this.server.options.logger;
  }

  send(message: Record<string, unknown>): void {
    if (this.ws.readyState !== WebSocket.OPEN || this.dropped) return;
    if (this.ws.bufferedAmount > this.server.limits.bufferedBytes) {
      this.dropSlowConsumer();
      return;
    }
    const outgoing = this.server.options.maskPii ? maskPiiDeep(message) : message;
    this.ws.send(JSON.stringify({ ...outgoing, seq: ++this.seq }));
  }

  sendError(code: ErrorCode, message: string, extra: { id?: string; re?: number; path?: string } = {}): void {
    this.logger.info({ conn: this.number, code }, 'protocol error');
    this.send({ type: 'error', code, message, ...extra });
  }

  private dropSlowConsumer(): void {
    this.dropped = true;
    this.logger.warn({ conn: this.number, buffered: this.ws.bufferedAmount }, 'slow consumer dropped');
    this.ws.close(CLOSE_CODES.slowConsumer, 'slow consumer');
    // the close frame waits behind the unread data: cut the socket if it does not get through
    setTimeout(() => this.ws.terminate(), 1000).unref();
  }

  /** Heartbeat: a connection that did not answer the previous ping is dead (a cut network sends no close). */
  ping(): void {
    if (!this.alive) {
      this.logger.info({ conn: this.number }, 'ws heartbeat lost');
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  touch(): void {
    this.idleTimer.refresh();
  }

  private idle(): void {
    this.sendError(ERROR_CODES.idleTimeout, `no message for ${Math.round(this.server.limits.idleMs / 1000)} s; closing`);
    this.ws.close(CLOSE_CODES.idle, 'idle timeout');
  }

  shutDown(): void {
    this.sendError(ERROR_CODES.shuttingDown, 'the server is shutting down; reconnect and start again');
    this.ws.close(CLOSE_CODES.goingAway, 'server shutting down');
  }

  /** Token bucket: `messagesPerSecond` on average, `messageBurst` at once. */
  private withinRate(): boolean {
    const now = Date.now();
    const { messagesPerSecond, messageBurst } = this.server.limits;
    this.tokens = Math.min(messageBurst, this.tokens + ((now - this.filledAt) / 1000) * messagesPerSecond);
    this.filledAt = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }

  private receive(data: Buffer, isBinary: boolean): void {
    this.idleTimer.refresh();
    if (!this.withinRate()) {
      // one error (and one log line) a second at most, however fast the client sends
      if (Date.now() - this.rateErrorAt >= 1000) {
        this.rateErrorAt = Date.now();
        this.sendError(
          ERROR_CODES.rateLimited,
          `more than ${this.server.limits.messagesPerSecond} messages a second (bursts up to ${this.server.limits.messageBurst}): messages are dropped; resend them with their index`,
        );
      }
      return;
    }
    if (this.backlog) this.backlog.push([data, isBinary]);
    else this.handle(data, isBinary);
  }

  /** Holds this connection's later messages until `step` is done. */
  private waitFor(step: Promise<void>): void {
    this.backlog = [];
    void step.finally(() => {
      const waiting = this.backlog ?? [];
      this.backlog = undefined;
      for (let next = waiting.shift(); next; next = waiting.shift()) {
        this.handle(...next);
        // that message started another wait: the rest wait behind it
        const again = this.backlog as Array<[Buffer, boolean]> | undefined;
        if (again) return again.unshift(...waiting);
      }
    });
  }

  private handle(data: Buffer, isBinary: boolean): void {
    let envelope: Envelope | undefined;
    try {
      if (data.length > this.server.limits.messageBytes) {
        throw new ProtocolError(ERROR_CODES.messageTooLarge, `message of ${data.length} bytes is over the limit of ${this.server.limits.messageBytes}`);
      }
      let value: unknown;
      try {
        value = JSON.parse(data.toString('utf8'));
      } catch (err) {
        throw new ProtocolError(ERROR_CODES.badJson, `${isBinary ? 'binary message: ' : ''}not JSON: ${(err as Error).message}`);
      }
      envelope = parse(EnvelopeSchema, value);
      this.dispatch(envelope, value);
    } catch (err) {
      const extra = { ...(envelope?.id !== undefined && { id: envelope.id }), ...(envelope?.seq !== undefined && { re: envelope.seq }) };
      if (err instanceof ProtocolError) this.sendError(err.code, err.message, { ...extra, ...(err.path && { path: err.path }) });
      else if (err instanceof ApiError) this.sendError(err.code as ErrorCode, err.message, { ...extra, ...(err.path && { path: err.path }) });
      else {
        this.logger.error({ conn: this.number, err: { name: (err as Error).name, stack: String((err as Error).stack).split('\n').slice(1).join('\n') } }, 'internal error');
        this.sendError(ERROR_CODES.internal, 'internal error', extra);
      }
    }
  }

  private dispatch(envelope: Envelope, value: unknown): void {
    switch (envelope.type) {
      case 'start':
        return this.start(parse(StartSchema, value));
      case 'turn': {
        const live = this.conversation(envelope.id);
        if (!isNext(envelope.index, live.turns, 'turn')) return;
        if (live.turns >= this.server.limits.turnsPerConversation) {
          throw new ProtocolError(ERROR_CODES.tooManyTurns, `a conversation may have at most ${this.server.limits.turnsPerConversation} turns`);
        }
        const turn = parse(TurnSchema, value);
        // on disk before any update about it leaves: a feeder that saw the update must find it after a crash
        this.server.journal(live.header.id, { turn });
        return live.turn(turn);
      }
      case 'partial':
        return this.conversation(envelope.id).partial(parse(PartialSchema, value));
      case 'event': {
        const live = this.conversation(envelope.id);
        if (!isNext(envelope.index, live.events, 'event')) return;
        const { event } = parse(EventMessageSchema, value);
        this.server.journal(live.header.id, { event });
        return live.event(event);
      }
      case 'end':
        return this.end(this.conversation(envelope.id));
      case 'watch':
        return this.watch(parse(WatchSchema, value).id);
      case 'unwatch':
        return this.unwatch(parse(WatchSchema, value).id);
    }
  }

  private checkCapacity(): void {
    if (this.fed.size + this.watched.size >= this.server.limits.conversationsPerConnection) {
      throw new ProtocolError(
        ERROR_CODES.tooManyConversations,
        `at most ${this.server.limits.conversationsPerConnection} conversations (fed or watched) at once per connection; end one first`,
      );
    }
  }

  private start(message: z.output<typeof StartSchema>): void {
    if (!mayFeed(this.principal)) throw new ProtocolError(ERROR_CODES.forbidden, 'only integration and admin tokens may start conversations');
    const { id, channel } = message;
    const room = this.server.peekRoom(id);
    const foreign = room?.live && room.owner !== ownerOf(this.principal);
    if (room?.live && (!message.resume || foreign)) throw new ProtocolError(ERROR_CODES.duplicateConversation, `conversation "${id}" is already live`, 'id');
    if (room?.live) return this.resume(id, room.live);
    this.checkCapacity();
    const restored = message.resume ? this.server.restore(id, this) : undefined;
    const live = restored ?? this.server.open(id, this, packByName(message.pack), { ...pickMetadata(message), channel });
    this.fed.set(id, live);
    const announce = () => {
      this.logger.info({ conn: this.number, conv: logId(id), channel: live.header.channel, pack: live.pack.name, resumed: Boolean(restored) }, 'conversation started');
      if (restored) return this.announceResumed(id, live);
      this.server.options.journal?.begin({ id, channel, pack: live.pack.name, metadata: pickMetadata(message), owner: ownerOf(this.principal) || undefined });
      this.server.broadcast(id, { type: 'started', channel, pack: live.pack.name, ...(live.header.agent?.id !== undefined && { agent: live.header.agent.id }) });
      live.begin();
    };
    const relay = this.server.options.relay;
    if (!relay) return announce();
    this.waitFor(
      relay.claim(id, { channel: live.header.channel, pack: live.pack.name, agent: live.header.agent?.id }).then(
        (claimed) => {
          // the connection closed while the lease was being taken
          if (claimed && !this.fed.has(id)) return void this.server.close(id, { ended: false });
          if (claimed) return announce();
          this.fed.delete(id);
          this.server.close(id, { ended: false, leased: false });
          this.sendError(ERROR_CODES.duplicateConversation, `conversation "${id}" is already live on another server`, { id, path: 'id' });
        },
        (err: Error) => {
          this.fed.delete(id);
          this.server.close(id, { ended: false, leased: false });
          this.logger.error({ err: { message: err.message } }, 'live relay: cannot take a lease');
          this.sendError(ERROR_CODES.internal, 'cannot start the conversation now; try again', { id });
        },
      ),
    );
  }

  /** `start` with `resume` of a conversation live here: this connection feeds it from now on (its old feeder, if still connected, no longer does). */
  private resume(id: string, live: LiveConversation): void {
    const previous = this.server.peekRoom(id)?.feeder;
    if (previous !== this) {
      this.checkCapacity();
      previous?.forgetFed(id);
    }
    this.server.attach(id, this);
    this.fed.set(id, live);
    this.logger.info({ conn: this.number, conv: logId(id), turns: live.turns }, 'conversation resumed');
    this.announceResumed(id, live);
  }

  private announceResumed(id: string, live: LiveConversation): void {
    const snapshot = live.snapshot();
    this.server.broadcast(id, { type: 'started', channel: live.header.channel, pack: live.pack.name, resumed: true, turns: live.turns, events: live.events, snapshot });
  }

  forgetFed(id: string): void {
    this.fed.delete(id);
  }

  private end(live: LiveConversation): void {
    const id = live.header.id;
    // with a relay, "report received" must mean "id free on every replica": the report waits for the lease
    if (this.server.options.relay) this.server.holdDeliveries(id);
    const report = live.end();
    this.server.options.metrics?.countReports([report]);
    this.fed.delete(id);
    const freed = this.server.close(id, { ended: true });
    const held = this.server.takeHeld(id);
    if (freed) this.waitFor(freed.then(() => held.forEach((deliver) => deliver())));
    this.logger.info(
      { conn: this.number, conv: logId(live.header.id), turns: live.turns, score: report.score, grade: report.grade, findings: report.findings.length },
      'conversation ended',
    );
  }

  private watch(id: string): void {
    if (this.watched.has(id)) return;
    if (!mayAskToWatch(this.principal)) throw new ProtocolError(ERROR_CODES.forbidden, 'only leads, reviewers, admins and the agent of a conversation may watch it', 'id');
    this.checkCapacity();
    const room = this.server.room(id);
    room.watchers.add(this);
    this.watched.add(id);
    // a conversation this principal may not see looks like one that has not started
    const visibleSnapshot = () => (room.live && mayWatch(this.principal, room.live.header.agent?.id) ? room.live.snapshot() : null);
    const relay = this.server.options.relay;
    if (!relay) return this.send({ type: 'watching', id, snapshot: visibleSnapshot() });
    // fed here or elsewhere, now or later: this replica's updates come through the room, the others' through the relay
    let agent: string | undefined;
    this.waitFor(
      relay.follow(id, (message) => {
        if (message.type === 'started') agent = (message as { agent?: string }).agent ?? agent;
        if (!mayWatch(this.principal, agent)) return;
        this.send({ ...message, id });
        this.touch();
      }).then(
        (followed) => {
          if (!this.watched.has(id)) return followed.stop();
          agent ??= followed.meta?.agent;
          this.followed.set(id, followed);
          this.send({ type: 'watching', id, snapshot: visibleSnapshot() ?? (mayWatch(this.principal, agent) ? followed.snapshot : null) });
        },
        (err: Error) => {
          this.logger.error({ err: { message: err.message } }, 'live relay: cannot follow');
          this.send({ type: 'watching', id, snapshot: visibleSnapshot() });
        },
      ),
    );
  }

  private unwatch(id: string): void {
    if (!this.watched.delete(id)) throw new ProtocolError(ERROR_CODES.noConversation, `not watching "${id}"`, 'id');
    this.stopWatching(id);
  }

  private stopWatching(id: string): void {
    this.followed.get(id)?.stop();
    this.followed.delete(id);
    this.server.peekRoom(id)?.watchers.delete(this);
    this.server.dropRoomIfEmpty(id);
  }

  /** The conversation a turn/partial/event/end is about: by `id`, or the only one this connection feeds. */
  private conversation(id: string | undefined): LiveConversation {
    if (id !== undefined) {
      const live = this.fed.get(id);
      if (!live) throw new ProtocolError(ERROR_CODES.noConversation, `no live conversation "${id}" on this connection; send start first`, 'id');
      return live;
    }
    if (this.fed.size === 1) return this.fed.values().next().value!;
    if (this.fed.size === 0) throw new ProtocolError(ERROR_CODES.noConversation, 'no live conversation on this connection; send start first');
    throw new ProtocolError(ERROR_CODES.ambiguousConversation, 'several conversations are live on this connection: give the id', 'id');
  }

  /** The connection closed: what it fed waits for a resume, what it watched it no longer does. */
  release(): void {
    clearTimeout(this.idleTimer);
    for (const id of this.fed.keys()) {
      if (this.server.peekRoom(id)?.feeder === this) this.server.detach(id);
    }
    this.fed.clear();
    for (const watchedId of this.watched) this.stopWatching(watchedId);
    this.watched.clear();
  }
}

/** A resent turn or event (`index` below what the conversation has) is skipped; a gap is an error. */
function isNext(index: number | undefined, received: number, what: 'turn' | 'event'): boolean {
  if (index === undefined || index === received) return true;
  if (index < received) return false;
  throw new ProtocolError(ERROR_CODES.indexGap, `${what} ${index} is ahead: the conversation has ${received} ${what}s; send ${what} ${received} next`, 'index');
}

/** Validates one message part; a failure names the field. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = formatPath(issue.path);
  throw new ProtocolError(ERROR_CODES.invalidMessage, path ? `${path}: ${issue.message}` : issue.message, path || undefined);
}
