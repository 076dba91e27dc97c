/**
 * The library's input boundary: whatever `check()` is given (bigints, cycles,
 * getters that throw, proxies …) either validates or becomes one typed
 * `TalklintInputError` listing every problem as `{path, message}`, never a
 * raw ZodError or a TypeError from inside validation.
 */
import type { z } from 'zod';
import { formatIssuePath } from './issue-path.js';
import { type Transcript, TranscriptSchema } from './schema.js';

export interface InputProblem {
  /** where, as people write it: `turns[3].speaker`; empty for the whole value */
  path: string;
  message: string;
}

export class TalklintInputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '));
    this.name = 'TalklintInputError';
  }
}

export function problemsOf(error: z.ZodError): InputProblem[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}

/** Validates a transcript for the library; every failure is a TalklintInputError. */
export function validateTranscriptInput(input: unknown): Transcript {
  let result: ReturnType<typeof TranscriptSchema.safeParse>;
  try {
    result = TranscriptSchema.safeParse(input);
  } catch (err) {
    // validation itself failed on the value (a getter or proxy trap threw, the stack overflowed …)
    throw new TalklintInputError([{ path: '', message: `the transcript cannot be read: ${(err as Error)?.name ?? 'error'}` }]);
  }
  if (!result.success) throw new TalklintInputError(problemsOf(result.error));
  return result.data;
}
