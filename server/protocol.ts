/**
 * The WebSocket protocol (docs/protocol.md): client messages, validated with
 * zod, and the codes of the `error` messages the server sends.
 */
import { z } from 'zod';
import { EventSchema, METADATA_SHAPE, SpeakerSchema } from '../src/transcript/schema.js';

const conversationId = z.string().min(1, 'id must not be empty').max(200, 'id is longer than 200 characters');

/** Fields every client message may carry: its type, the conversation it is about and the client's own sequence number. */
export const EnvelopeSchema = z.object({
  type: z.enum(['start', 'turn', 'partial', 'event', 'end', 'watch', 'unwatch'], {
    error: 'type must be one of start, turn, partial, event, end, watch, unwatch',
  }),
  id: conversationId.optional(),
  seq: z.number().int().optional(),
  /** a turn's or event's place in the conversation (0, 1, 2 …): one the server already has is skipped, so a feeder can resend after a resume */
  index: z.number().int().nonnegative().optional(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

export const StartSchema = z.object({
  id: conversationId,
  channel: z.enum(['call', 'chat']).default('call'),
  pack: z.string().min(1).optional(),
  /** continue the conversation of this id if the server still has it (after a dropped connection or a restart) */
  resume: z.boolean().optional(),
  ...METADATA_SHAPE,
});

export const PartialSchema = z.object({
  speaker: SpeakerSchema,
  text: z.string({ error: 'text must be a string' }),
  start: z.number().finite().nonnegative().optional(),
});

export const EventMessageSchema = z.object({ event: EventSchema });
export const WatchSchema = z.object({ id: conversationId });

export const ERROR_CODES = {
  badJson: 'bad_json',
  invalidMessage: 'invalid_message',
  messageTooLarge: 'message_too_large',
  unknownPack: 'unknown_pack',
  noConversation: 'no_conversation',
  ambiguousConversation: 'ambiguous_conversation',
  duplicateConversation: 'duplicate_conversation',
  tooManyConversations: 'too_many_conversations',
  tooManyTurns: 'too_many_turns',
  indexGap: 'index_gap',
  rateLimited: 'rate_limited',
  forbidden: 'forbidden',
  idleTimeout: 'idle_timeout',
  conversationClosed: 'conversation_closed',
  shuttingDown: 'shutting_down',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Close codes (4000–4999 are the application's). */
export const CLOSE_CODES = {
  idle: 4000,
  slowConsumer: 4001,
  goingAway: 1001,
} as const;
