/**
 * The report of contract sections 2 and 5 as zod schemas: the one description
 * of its shape, from which /openapi.json is generated (z.toJSONSchema), and
 * against which the TypeScript types in types.ts are checked at compile time.
 */
import { z } from 'zod';
import { METADATA_SHAPE } from '../transcript/schema.js';
import type { Finding, Report } from './types.js';

export const SegmentRefSchema = z.object({ index: z.number().int().nonnegative(), start: z.number().optional(), end: z.number().optional() });

export const FindingSchema = z.object({
  id: z.string().describe('short, stable for the same transcript, pack version and finding; unique in its report'),
  rule: z.string().meta({ examples: ['banned.shirk'] }),
  severity: z.enum(['error', 'warning', 'info']),
  turn: z.number().int().nonnegative().describe('0-based index into turns'),
  start: z.number().int().nonnegative().optional().describe("offset into the turn's original text"),
  end: z.number().int().nonnegative().optional().describe('exclusive'),
  text: z.string().optional().describe('the original text of [start, end)'),
  messageId: z.string().describe("which of the rule's message templates made the message"),
  message: z.string(),
  suggestion: z.string().optional(),
  deduct: z.number(),
  entry: z.string().describe('what fired: the lexicon entry id (shirk.send-elsewhere), or the part of the rule (gap, hold-event), else the rule id'),
  segment: SegmentRefSchema.optional().describe('imported transcripts: the source segment the finding lies in'),
});

export const ReportSourceSchema = z.object({
  format: z.string(),
  roles: z.enum(['explicit', 'engine', 'detected']),
  file: z.string().optional(),
});

export const ReportSchema = z.object({
  ...METADATA_SHAPE,
  id: z.string(),
  pack: z.string(),
  packVersion: z.string().describe('version of the pack that made the score'),
  score: z.number().min(0).max(100),
  grade: z.enum(['优秀', '良好', '合格', '不合格']),
  redLine: z.boolean(),
  source: ReportSourceSchema,
  warnings: z.array(z.string()).optional(),
  findings: z.array(FindingSchema),
});

// the hand-written types and the schemas describe the same shape (a compile error here means they drifted)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const findingsAgree: Same<z.output<typeof FindingSchema>, Finding> = true;
const reportsAgree: Same<Omit<z.output<typeof ReportSchema>, keyof typeof METADATA_SHAPE>, Omit<Report, keyof typeof METADATA_SHAPE>> = true;
void findingsAgree;
void reportsAgree;
