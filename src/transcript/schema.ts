/** The transcript format of contract section 1, as zod schemas (the input boundary). */
import { z } from 'zod';

const seconds = z.number().finite().nonnegative({ message: 'must not be negative' });

/** A short, safe rendering of any input value for a message (JSON.stringify throws on bigints and cycles). */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

export const SpeakerSchema = z.enum(['agent', 'customer', 'system'], {
  error: (issue) => `unknown speaker ${describeValue(issue.input)}: use agent, customer or system`,
});

export const TurnSchema = z
  .object({
    speaker: SpeakerSchema,
    text: z.string({ error: 'text must be a string' }),
    start: seconds.optional(),
    end: seconds.optional(),
  })
  .refine((t) => t.start === undefined || t.end === undefined || t.end >= t.start, {
    message: 'end is before start',
    path: ['end'],
  });

export const HoldEventSchema = z
  .object({ type: z.literal('hold'), start: seconds, end: seconds })
  .refine((e) => e.end >= e.start, { message: 'end is before start', path: ['end'] });
export const HangupEventSchema = z.object({ type: z.literal('hangup'), by: z.enum(['agent', 'customer']), at: seconds });
export const EventSchema = z.discriminatedUnion('type', [HoldEventSchema, HangupEventSchema]);

/** Who handled the conversation (contract section 5); other keys are kept as given. */
export const AgentSchema = z.looseObject({ id: z.string().optional(), name: z.string().optional() });

/** Who and where (contract section 5): reports repeat these unchanged; a stream's `start` message may carry them too. */
export const METADATA_SHAPE = {
  agent: AgentSchema.optional(),
  team: z.string().optional(),
  queue: z.string().optional(),
  startedAt: z.string().optional(),
  tags: z.array(z.string()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
};
export const METADATA_KEYS = Object.keys(METADATA_SHAPE) as Array<keyof typeof METADATA_SHAPE>;

// loose: unknown top-level keys survive validation, so the checker can warn about them instead of dropping them silently
export const TranscriptSchema = z
  .looseObject({
    id: z.string().min(1, 'id must not be empty'),
    channel: z.enum(['call', 'chat']).default('call'),
    // a name only: a path here would let a transcript pick any folder on disk as its pack
    pack: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'pack must be a pack name such as "general" (built in, or given for the run), not a path')
      .optional(),
    ...METADATA_SHAPE,
    turns: z.array(TurnSchema).min(1, 'a transcript needs at least one turn'),
    events: z.array(EventSchema).default([]),
  })
  .refine((t) => t.turns.some((turn) => turn.text.trim().length > 0), {
    message: 'every turn is empty',
    path: ['turns'],
  });

/** Top-level keys of the canonical form; any other key draws a warning. */
export const KNOWN_TRANSCRIPT_KEYS: ReadonlySet<string> = new Set(['id', 'channel', 'pack', ...METADATA_KEYS, 'turns', 'events']);

export type Speaker = z.infer<typeof SpeakerSchema>;
export type Turn = z.infer<typeof TurnSchema>;
export type ConversationEvent = z.infer<typeof EventSchema>;
export type Transcript = z.output<typeof TranscriptSchema>;
export type TranscriptInput = z.input<typeof TranscriptSchema>;
export type Channel = Transcript['channel'];
export type TranscriptMetadata = Pick<Transcript, keyof typeof METADATA_SHAPE>;

/** The metadata fields that `value` carries (contract section 5), for a report to repeat. */
export function pickMetadata(value: Partial<TranscriptMetadata>): TranscriptMetadata {
  return Object.fromEntries(METADATA_KEYS.filter((k) => value[k] !== undefined).map((k) => [k, value[k]]));
}
