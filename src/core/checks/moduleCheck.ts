/**
 * What follows reading a module file and its article, shared by the extension (which reads with
 * `workspace.fs`) and the command-line validator (which reads with `node:fs`): the article's
 * shape and headings, the sections, and the content lint.
 */
import { MAX_EMPHASIS_MARKS, MAX_MARKDOWN_NESTING, markdownNestingProblem } from '../module/limits';
import { lintModule } from './lint';
import { articleHeadings, type ArticleHeading } from '../markdown/markdown';
import { formulaErrors } from '../markdown/formulas';
import type { RenderExtras } from '../markdown/markdownExtras';
import type { QuizModule } from '../module/moduleModel';
import { isError, problemAt, type ModuleProblem } from './problems';
import { LineIndex } from '../util/textLocation';
import { english, type Translate } from '../util/translate';
import { checkSections } from './sections';
import type { ModuleValidation } from './validation';

export type ArticleRead =
  /** The module names no article. */
  | { readonly kind: 'none' }
  /** The article was read. */
  | { readonly kind: 'text'; readonly markdown: string }
  /** The caller could not use the article and reported why (missing, too big, unreadable). */
  | { readonly kind: 'failed'; readonly problem: ModuleProblem };

interface ModuleCheck {
  /** Every problem of the file: the validation's, the article's, the sections', the lint's. */
  readonly problems: ModuleProblem[];
  readonly headings: readonly ArticleHeading[];
  /** The article's text when it can be shown. */
  readonly articleText?: string;
}

export function finishModuleCheck(args: {
  readonly module: QuizModule;
  readonly validation: ModuleValidation;
  readonly text: string;
  readonly file: string;
  readonly article: ArticleRead;
  readonly lintIgnore?: readonly string[];
  readonly t?: Translate;
  /**
   * The math renderer, to check every formula of the article and the questions (the
   * `quizModules.markdown.math` setting off: none given, nothing checked).
   */
  readonly extras?: () => RenderExtras;
  /**
   * False leaves the content lint and the formula check out, for a caller that shows the module
   * first and runs {@link contentLint} afterwards (neither decides whether a module loads).
   */
  readonly lint?: boolean;
}): ModuleCheck {
  const { module, validation, text, file, article } = args;
  const t = args.t ?? english;
  const problems = [...validation.problems];
  const atArticle = (message: string) => problemAt(text, file, validation.articleSpan ?? { offset: 0, length: 0 }, message);
  let headings: ArticleHeading[] = [];
  let articleText: string | undefined;
  if (article.kind === 'failed') problems.push(article.problem);
  if (article.kind === 'text') {
    // Checked before the Markdown parser runs: deep nesting would stall it.
    const shape = markdownNestingProblem(article.markdown);
    if (shape) {
      problems.push(
        atArticle(
          shape.kind === 'nesting'
            ? t(
                'Module: the article "{0}" nests lists or quotes {1} levels deep at its line {2}; Markdown may nest at most {3} levels.',
                module.article ?? '',
                shape.count,
                shape.line,
                MAX_MARKDOWN_NESTING,
              )
            : t('Module: the article "{0}" has more than {1} emphasis marks (* or _) in the paragraph at its line {2}.', module.article ?? '', MAX_EMPHASIS_MARKS, shape.line),
        ),
      );
    } else {
      try {
        headings = articleHeadings(article.markdown);
        articleText = article.markdown;
      } catch (error) {
        // The Markdown lexer recurses into nested quotes and lists; thousands of them overflow it.
        problems.push(atArticle(t('Module: the article "{0}" could not be read: {1}', module.article ?? '', error instanceof Error ? error.message : String(error))));
      }
    }
  }
  if (articleText !== undefined) {
    problems.push(...checkSections(validation, new Set(headings.map((h) => h.id)), text, file, t));
  } else if (module.article === undefined && module.questions.some((q) => q.section !== undefined)) {
    // Only then: the spans come from locating every value, which the quick path leaves undone.
    for (const [questionId, span] of validation.sectionSpans) {
      problems.push(problemAt(text, file, span, t('Question "{0}": "section" needs an article, and this module has none.', questionId)));
    }
  }
  if (args.lint !== false) problems.push(...contentLint({ ...args, problems, headings, ...(articleText !== undefined ? { articleText } : {}) }));
  return { problems, headings, ...(articleText !== undefined ? { articleText } : {}) };
}

/**
 * The content lint of a checked module, then a warning for each formula that cannot be read:
 * none for a module with an error, since these findings are advice, never a reason to refuse.
 */
export function contentLint(args: {
  readonly module: QuizModule;
  readonly validation: ModuleValidation;
  readonly text: string;
  readonly file: string;
  /** What the check found. */
  readonly problems: readonly ModuleProblem[];
  readonly headings: readonly ArticleHeading[];
  /** The article's text when it can be shown (its formulas are checked too). */
  readonly articleText?: string;
  readonly lintIgnore?: readonly string[];
  readonly t?: Translate;
  /** The math renderer, to check formulas (none given: the `quizModules.markdown.math` setting is off). */
  readonly extras?: () => RenderExtras;
}): ModuleProblem[] {
  const { module, validation, text, file, headings } = args;
  if (args.problems.some(isError)) return [];
  const t = args.t ?? english;
  const lint = validation.locate ? lintModule({ module, text, file, locate: validation.locate, headings, ignore: args.lintIgnore ?? [], t }) : [];
  return args.extras ? [...lint, ...formulaProblems(module, validation, text, file, args.articleText, args.extras, t)] : lint;
}

/**
 * A warning for each formula that fails to parse: it shows as its source in the page. A field's
 * formula is located at the field; an article's at the article's name, with its line and column.
 */
function formulaProblems(
  module: QuizModule,
  validation: ModuleValidation,
  text: string,
  file: string,
  articleText: string | undefined,
  extras: () => RenderExtras,
  t: Translate,
): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  const warn = (span: { offset: number; length: number } | undefined, message: string) =>
    problems.push({ ...problemAt(text, file, span ?? { offset: 0, length: 0 }, message), severity: 'warning' });
  if (articleText !== undefined) {
    const errors = formulaErrors(articleText, extras);
    if (errors.length > 0) {
      const lines = new LineIndex(articleText);
      for (const error of errors) {
        const at = lines.position(error.offset);
        warn(validation.articleSpan, t('Module: the formula at line {0}, column {1} of the article "{2}" could not be read, so it shows as its source: {3}', at.line, at.column, module.article ?? '', error.message));
      }
    }
  }
  if (!validation.locate) return problems;
  const locate = validation.locate;
  module.questions.forEach((question, q) => {
    const fields: [readonly (string | number)[], string | undefined][] = [
      [['questions', q, 'prompt'], question.prompt],
      [['questions', q, 'explanation'], question.explanation],
      ...question.choices.flatMap((choice, c): [readonly (string | number)[], string | undefined][] => [
        [['questions', q, 'choices', c, 'text'], choice.text],
        [['questions', q, 'choices', c, 'feedback'], choice.feedback],
      ]),
    ];
    for (const [path, markdown] of fields) {
      if (markdown === undefined) continue;
      for (const error of formulaErrors(markdown, extras)) {
        warn(locate(path), t('Question "{0}": the formula "{1}" could not be read, so it shows as its source: {2}', question.id, error.tex, error.message));
      }
    }
  });
  return problems;
}
