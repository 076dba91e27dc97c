/**
 * Finding ids (contract section 5): a short hash of the conversation, the pack
 * version and the finding's own key (rule, turn, span), so checking the same
 * input twice gives the same ids; a hash clash inside one report is resolved by
 * rehashing, so ids stay unique there.
 */
import { createHash } from 'node:crypto';

const ID_LENGTH = 10;

export class FindingIds {
  private readonly used = new Set<string>();

  constructor(private readonly scope: string) {}

  next(findingKey: string): string {
    for (let attempt = 0; ; attempt++) {
      const seed = `${this.scope}|${findingKey}${attempt ? `|${attempt}` : ''}`;
      const id = createHash('sha256').update(seed).digest('base64url').slice(0, ID_LENGTH);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}
