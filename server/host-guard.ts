/**
 * Which `Host` the server answers to. A page on any web site can make a
 * visitor's browser send requests to a server on localhost under the site's
 * own name (DNS rebinding): the browser then sends that foreign name as Host.
 * Answering only known names (TALKLINT_ALLOWED_HOSTS; by default the name the
 * server is bound to and the loopback names) stops that, for the API and the
 * stream alike. `*` allows any name.
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1'];
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '']);

/** The hostname of a Host header, lower case, without port or IPv6 brackets; undefined when malformed. */
export function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/i.exec(host.trim());
  return (match?.[1] ?? match?.[2])?.toLowerCase();
}

export class HostGuard {
  private readonly allowed: Set<string>;
  private readonly any: boolean;

  /** `configured`: TALKLINT_ALLOWED_HOSTS (names, without ports); undefined: the loopback names. */
  constructor(configured?: readonly string[]) {
    const names = configured?.map((h) => hostnameOf(h) ?? h.toLowerCase()) ?? LOOPBACK_HOSTS;
    this.any = names.includes('*');
    this.allowed = new Set(names);
  }

  /** The name the server listens on is always allowed (unless it is a wildcard address). */
  addBoundHost(host: string): void {
    const name = hostnameOf(host) ?? host.toLowerCase();
    if (!WILDCARD_BINDS.has(name)) this.allowed.add(name);
  }

  allows(req: IncomingMessage): boolean {
    if (this.any) return true;
    const name = hostnameOf(req.headers.host);
    return name !== undefined && this.allowed.has(name);
  }

  describe(): string {
    return this.any ? '*' : [...this.allowed].join(', ');
  }
}
