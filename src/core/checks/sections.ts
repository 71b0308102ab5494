import { MAX_REPORTED_PROBLEMS } from '../module/limits';
import { LineIndex } from '../util/textLocation';
import { english, type Translate } from '../util/translate';
import { makeProblem, type ModuleProblem, type Span } from './problems';
import type { ModuleValidation } from './validation';
import { clip } from './wording';

/** Reports each question `section` that names no heading of the article. */
export function checkSections(
  validation: ModuleValidation,
  headingIds: ReadonlySet<string>,
  text: string,
  file: string,
  t: Translate = english,
): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  // Where sections are written is looked up only when one names no heading: most modules have none.
  if (validation.module?.questions.every((q) => !q.section || headingIds.has(q.section))) return problems;
  const lines = new LineIndex(text);
  const questions = new Map(validation.module?.questions.map((q) => [q.id, q]));
  let known: string | undefined; // worded once, and only when needed: an article may have many headings
  let left = 0;
  let firstLeft: Span | undefined;
  for (const [questionId, span] of validation.sectionSpans) {
    const question = questions.get(questionId);
    if (!question?.section || headingIds.has(question.section)) continue;
    if (problems.length >= MAX_REPORTED_PROBLEMS) {
      left++;
      firstLeft ??= span;
      continue;
    }
    known ??= [...headingIds].slice(0, 8).map((id) => `"${clip(id)}"`).join(', ') + (headingIds.size > 8 ? ', …' : '');
    problems.push(
      makeProblem(
        file,
        text,
        lines,
        span,
        headingIds.size > 0
          ? t('Question "{0}": section "{1}" is not a heading of the article (headings: {2}).', questionId, clip(question.section), known)
          : t('Question "{0}": section "{1}" is not a heading of the article (the article has no headings).', questionId, clip(question.section)),
      ),
    );
  }
  if (firstLeft) {
    problems.push(
      makeProblem(file, text, lines, firstLeft, t('Only the first {0} problems are listed; {1} more were found, the first of them here.', MAX_REPORTED_PROBLEMS, left)),
    );
  }
  return problems;
}
