/**
 * Who may do what on the stream once access control is on (TALKLINT_TOKEN set,
 * or the store has users; without either the stream is open, as a local
 * tool): only integration (call systems) and admin tokens feed conversations,
 * and an id belongs to the principal that started it; leads, reviewers and
 * admins may watch any conversation, an agent only the ones whose `agent.id`
 * is theirs. `undefined` is the principal of an open server.
 */
import type { Principal } from './auth.js';

export type StreamPrincipal = Principal | undefined;

export function mayFeed(principal: StreamPrincipal): boolean {
  return !principal || principal.role === 'integration' || principal.role === 'admin';
}

/** May watch every conversation. */
function watchesAll(principal: StreamPrincipal): boolean {
  return !principal || principal.role === 'lead' || principal.role === 'reviewer' || principal.role === 'admin';
}

/** May ask to watch at all (an agent learns only later, at `start`, whether the conversation is theirs). */
export function mayAskToWatch(principal: StreamPrincipal): boolean {
  return watchesAll(principal) || principal?.role === 'agent';
}

/** May see the conversation that names `agentId` as its agent. */
export function mayWatch(principal: StreamPrincipal, agentId: string | undefined): boolean {
  if (watchesAll(principal)) return true;
  return principal?.role === 'agent' && principal.agentId !== undefined && principal.agentId === agentId;
}

/** The scope of the ids a principal feeds: one feeder cannot take over, resume or feed another's conversation. */
export function ownerOf(principal: StreamPrincipal): string {
  return principal ? `${principal.role}:${principal.user}` : '';
}
