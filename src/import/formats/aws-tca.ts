/**
 * Amazon Transcribe Call Analytics post-call output and Amazon Connect Contact
 * Lens analysis files: `Transcript[]` of turns with `Content`,
 * `BeginOffsetMillis`/`EndOffsetMillis` and `ParticipantRole` (AGENT,
 * CUSTOMER; Contact Lens also SYSTEM, CUSTOM_BOT, SUPERVISOR) or
 * `ParticipantId` (AGENT / CUSTOMER). The engine names the roles itself.
 */
import type { Speaker } from '../../transcript/schema.js';
import { engineJsonImporter } from './engine-json.js';
import { isRecord, secondsFromMs } from '../values.js';

const ROLES: Record<string, Speaker> = { AGENT: 'agent', SUPERVISOR: 'agent', CUSTOMER: 'customer', SYSTEM: 'system', CUSTOM_BOT: 'system' };

function turnsOf(json: unknown): unknown[] | undefined {
  return isRecord(json) && Array.isArray(json.Transcript) ? json.Transcript : undefined;
}

export const awsTca = engineJsonImporter(
  'aws-tca',
  (json) => {
    const first = turnsOf(json)?.[0];
    return isRecord(first) && 'BeginOffsetMillis' in first && ('ParticipantRole' in first || 'ParticipantId' in first);
  },
  (json) =>
    (turnsOf(json) ?? []).filter(isRecord).map((t) => {
      const speaker = String(t.ParticipantRole ?? t.ParticipantId ?? '');
      return {
        speaker,
        role: ROLES[speaker.toUpperCase()],
        text: String(t.Content ?? ''),
        start: secondsFromMs(t.BeginOffsetMillis),
        end: secondsFromMs(t.EndOffsetMillis),
      };
    }),
);
