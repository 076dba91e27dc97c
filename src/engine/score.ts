/** 100 minus the deductions; a red-line finding makes the grade 不合格 whatever the score. */
import type { GradeBands } from '../pack/schema.js';
import type { Finding, Grade } from '../report/types.js';

export interface Score {
  score: number;
  grade: Grade;
  redLine: boolean;
}

export function gradeFor(score: number, bands: GradeBands): Grade {
  if (score >= bands.优秀) return '优秀';
  if (score >= bands.良好) return '良好';
  if (score >= bands.合格) return '合格';
  return '不合格';
}

/** The score from the total deduction (rounded to one decimal, never below 0) and whether a red line was crossed. */
export function scoreFromTotals(deducted: number, redLine: boolean, bands: GradeBands): Score {
  const score = Math.max(0, Math.round((100 - deducted) * 10) / 10);
  return { score, grade: redLine ? '不合格' : gradeFor(score, bands), redLine };
}

export function scoreFindings(findings: readonly Finding[], redLineRules: ReadonlySet<string>, bands: GradeBands): Score {
  const deducted = findings.reduce((sum, f) => sum + f.deduct, 0);
  return scoreFromTotals(deducted, findings.some((f) => redLineRules.has(f.rule)), bands);
}
