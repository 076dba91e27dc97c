/**
 * The running score of a live conversation, kept from finding/retract changes
 * so that reporting it after every turn costs O(1), not a pass over every
 * finding so far. `scoreFindings` (src/engine/score.ts) stays the reference:
 * the tests compare the two after every step.
 */
import type { Pack } from '../pack/load.js';
import type { Finding } from '../report/types.js';
import { type Score, scoreFromTotals } from '../engine/score.js';

export class RunningScore {
  private deducted = 0;
  private redLineFindings = 0;
  private readonly redLineRules: ReadonlySet<string>;

  constructor(private readonly pack: Pack) {
    this.redLineRules = new Set(pack.rules.filter((r) => r.redLine).map((r) => r.rule.meta.id));
  }

  isRedLine(rule: string): boolean {
    return this.redLineRules.has(rule);
  }

  add(finding: Finding): void {
    this.deducted += finding.deduct;
    if (this.isRedLine(finding.rule)) this.redLineFindings++;
  }

  remove(finding: Finding): void {
    this.deducted -= finding.deduct;
    if (this.isRedLine(finding.rule)) this.redLineFindings--;
  }

  current(): Score {
    return scoreFromTotals(this.deducted, this.redLineFindings > 0, this.pack.grades);
  }
}
