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
import { LiveConversation, type LiveUpdate } from '../src/stream/index.js';
import { pickMetadata, TurnSchema } from '../src/transcript/schema.js';
import type { Store } from '../src/store/db.js';
import { type Authenticator, createAuthenticator } from './auth.js';
import type { Followed, LiveRelay } from './live-relay.js';
import { ApiError, formatPath } from './errors.js';
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
}

export const DEFAULT_LIMITS: StreamLimits = {
  messageBytes: 64 * 1024,
  turnsPerConversation: 5000,
  conversationsPerConnection: 16,
  idleMs: 5 * 60_000,
  bufferedBytes: 1024 * 1024,
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
  /** the store's users: their tokens and page sessions open the stream too */
  store?: Store;
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
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** A conversation id's feeder (while live) and watchers (who stay until they unwatch or leave). */
interface Room {
  live?: LiveConversation;
  feeder?: Connection;
  watchers: Set<Connection>;
}

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
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export class StreamServer {
  readonly limits: StreamLimits;
  private readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, Room>();
  private readonly connections = new Set<Connection>();
  private nextConnection = 1;
  private readonly auth: Authenticator;

  constructor(
    httpServer: Server,
    readonly options: StreamServerOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.messageBytes * 4 });
    this.auth = createAuthenticator({ token: options.token, store: options.store });
    httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      if (pathname !== STREAM_PATH) {
        rejectUpgrade(socket, 404, 'Not Found', new ApiError(404, 'not_found', `WebSocket endpoint is ${STREAM_PATH}`));
      } else if (!originAllowed(req, options.allowedOrigins ?? [])) {
        rejectUpgrade(socket, 403, 'Forbidden', new ApiError(403, 'forbidden_origin', 'this web origin may not open the stream; see TALKLINT_ALLOWED_ORIGINS'));
      } else {
        void this.authenticated(req).then(
          (ok) =>
            ok
              ? this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws))
              : rejectUpgrade(socket, 401, 'Unauthorized', new ApiError(401, 'unauthorized', 'missing or wrong token: Authorization: Bearer … or ?token=…')),
          () => rejectUpgrade(socket, 500, 'Internal Server Error', new ApiError(500, 'internal', 'internal error')),
        );
      }
    });
  }

  /** A principal (token, `?token=`, or page session), or no credentials needed at all (no TALKLINT_TOKEN, no users). */
  private async authenticated(req: IncomingMessage): Promise<boolean> {
    return (await this.auth.authenticate(req, { allowQuery: true })) !== null || !(await this.auth.required());
  }

  /** Tells every client the server is going away and closes the connections. */
  closeAll(): void {
    for (const connection of this.connections) connection.shutDown();
  }

  private accept(ws: WebSocket): void {
    const connection = new Connection(ws, this.nextConnection++, this);
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
  /** messages that wait while a start takes its lease: a connection's messages are handled in order */
  private backlog: Array<[Buffer, boolean]> | undefined;
  /** per conversation ending with a relay: its last messages, held here until its id is free again */
  private readonly ending = new Map<string, Array<() => void>>();

  constructor(
    private readonly ws: WebSocket,
    readonly number: number,
    private readonly server: StreamServer,
  ) {
    this.idleTimer = setTimeout(() => this.idle(), server.limits.idleMs);
    this.idleTimer.unref();
    ws.on('message', (data: Buffer, isBinary) => this.receive(data, isBinary));
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
    this.ws.send(JSON.stringify({ ...message, seq: ++this.seq }));
  }

  private sendError(code: ErrorCode, message: string, extra: { id?: string; re?: number; path?: string } = {}): void {
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

  private idle(): void {
    this.sendError(ERROR_CODES.idleTimeout, `no message for ${Math.round(this.server.limits.idleMs / 1000)} s; closing`);
    this.ws.close(CLOSE_CODES.idle, 'idle timeout');
  }

  shutDown(): void {
    this.sendError(ERROR_CODES.shuttingDown, 'the server is shutting down; reconnect and start again');
    this.ws.close(CLOSE_CODES.goingAway, 'server shutting down');
  }

  private receive(data: Buffer, isBinary: boolean): void {
    this.idleTimer.refresh();
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
        if (live.turns >= this.server.limits.turnsPerConversation) {
          throw new ProtocolError(ERROR_CODES.tooManyTurns, `a conversation may have at most ${this.server.limits.turnsPerConversation} turns`);
        }
        return live.turn(parse(TurnSchema, value));
      }
      case 'partial':
        return this.conversation(envelope.id).partial(parse(PartialSchema, value));
      case 'event':
        return this.conversation(envelope.id).event(parse(EventMessageSchema, value).event);
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
    const room = this.server.peekRoom(message.id);
    if (room?.live) throw new ProtocolError(ERROR_CODES.duplicateConversation, `conversation "${message.id}" is already live`, 'id');
    this.checkCapacity();
    const pack = packByName(message.pack);
    const { id, channel } = message;
    const target = this.server.room(id);
    const live = new LiveConversation(pack, { ...pickMetadata(message), id, channel }, (update) => this.broadcast(id, update));
    target.live = live;
    target.feeder = this;
    this.fed.set(id, live);
    const announce = () => {
      this.logger.info({ conn: this.number, id, channel, pack: pack.name }, 'conversation started');
      this.broadcast(id, { type: 'started', channel, pack: pack.name });
      live.begin();
    };
    const relay = this.server.options.relay;
    if (!relay) return announce();
    this.waitFor(
      relay.claim(id, { channel, pack: pack.name }).then(
        (claimed) => {
          // the connection closed while the lease was being taken
          if (claimed && !this.fed.has(id)) return void relay.release(id, { abandoned: true });
          if (claimed) return announce();
          this.release(id, false, false);
          this.sendError(ERROR_CODES.duplicateConversation, `conversation "${id}" is already live on another server`, { id, path: 'id' });
        },
        (err: Error) => {
          this.release(id, false, false);
          this.logger.error({ err: { message: err.message } }, 'live relay: cannot take a lease');
          this.sendError(ERROR_CODES.internal, 'cannot start the conversation now; try again', { id });
        },
      ),
    );
  }

  private end(live: LiveConversation): void {
    const id = live.header.id;
    // with a relay, "report received" must mean "id free on every replica": the report waits for the lease
    if (this.server.options.relay) this.ending.set(id, []);
    const report = live.end();
    const freed = this.release(id);
    const held = this.ending.get(id) ?? [];
    this.ending.delete(id);
    if (freed) this.waitFor(freed.then(() => held.forEach((deliver) => deliver())));
    this.logger.info(
      { conn: this.number, id: live.header.id, turns: live.turns, score: report.score, grade: report.grade, findings: report.findings.length },
      'conversation ended',
    );
  }

  private watch(id: string): void {
    if (this.watched.has(id)) return;
    this.checkCapacity();
    const room = this.server.room(id);
    room.watchers.add(this);
    this.watched.add(id);
    const relay = this.server.options.relay;
    if (!relay) return this.send({ type: 'watching', id, snapshot: room.live?.snapshot() ?? null });
    // fed here or elsewhere, now or later: this replica's updates come through the room, the others' through the relay
    this.waitFor(
      relay.follow(id, (message) => this.send({ ...message, id })).then(
        (followed) => {
          if (!this.watched.has(id)) return followed.stop();
          this.followed.set(id, followed);
          this.send({ type: 'watching', id, snapshot: room.live?.snapshot() ?? followed.snapshot });
        },
        (err: Error) => {
          this.logger.error({ err: { message: err.message } }, 'live relay: cannot follow');
          this.send({ type: 'watching', id, snapshot: room.live?.snapshot() ?? null });
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

  private audience(id: string): Connection[] {
    const room = this.server.peekRoom(id);
    return room ? [this, ...[...room.watchers].filter((w) => w !== this)] : [this];
  }

  private broadcast(id: string, update: LiveUpdate | { type: 'started'; channel: string; pack: string }): void {
    const deliver = () => {
      for (const c of this.audience(id)) c.send({ ...update, id });
    };
    const held = this.ending.get(id);
    if (held) held.push(deliver);
    else deliver();
    const live = this.fed.get(id);
    if (live) this.server.options.relay?.publish(id, update, () => live.snapshot());
  }

  /**
   * Frees one conversation this connection fed (ended, or abandoned when
   * `abandoned`), or everything when the connection closes. `leased`: false
   * for a start whose lease was refused (another replica has the id).
   * With a relay, resolves once the id is free on every replica.
   */
  release(id?: string, abandoned = false, leased = true): Promise<void> | undefined {
    if (id === undefined) {
      clearTimeout(this.idleTimer);
      for (const fedId of [...this.fed.keys()]) this.release(fedId, true);
      for (const watchedId of this.watched) this.stopWatching(watchedId);
      this.watched.clear();
      return undefined;
    }
    const relay = this.server.options.relay;
    const room = this.server.peekRoom(id);
    if (!room || room.feeder !== this) {
      this.fed.delete(id);
      return undefined;
    }
    const closed = { type: 'error', code: ERROR_CODES.conversationClosed, message: `conversation "${id}" was closed before its end` };
    if (abandoned && leased) {
      relay?.publish(id, closed, () => null);
      this.logger.info({ conn: this.number, id, turns: room.live?.turns }, 'conversation abandoned');
    }
    this.fed.delete(id);
    const freed = relay && leased ? relay.release(id, { abandoned }) : undefined;
    if (abandoned && leased) {
      const tell = [...room.watchers];
      const notify = () => tell.forEach((w) => w.sendError(closed.code, closed.message, { id }));
      if (freed) void freed.then(notify);
      else notify();
    }
    room.live = undefined;
    room.feeder = undefined;
    this.server.dropRoomIfEmpty(id);
    return freed;
  }
}

/** Validates one message part; a failure names the field. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = formatPath(issue.path);
  throw new ProtocolError(ERROR_CODES.invalidMessage, path ? `${path}: ${issue.message}` : issue.message, path || undefined);
}
