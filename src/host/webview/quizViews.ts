import { choiceKeyAt } from '../../core/module/choiceKeys';
import { percentOf } from '../../core/module/grading';
import type { MarkdownRenderer } from '../../core/markdown/markdown';
import { correctChoiceIndexes, isMultipleAnswer, totalPoints, type Question, type QuizModule } from '../../core/module/moduleModel';
import type { AnswerRecord } from '../../core/session/progressRecord';
import { type ReviewEntry, type SessionView } from '../../core/session/session';
import { lastFinishedAttempt, mistakesOf } from '../../core/session/attempts';
import type { ProgressRecord } from '../../core/session/progressRecord';
import type { QuizState, ReviewItem } from '../../protocol/modulePage';
import type { ChoiceView, FeedbackView, ModuleView, QuestionView } from '../../protocol/views';

/** Heading id as written in a module ("the-index") -> its element id and text in the article. */
type HeadingTable = ReadonlyMap<string, { readonly anchor: string; readonly text: string }>;

/**
 * Turns what the session decided to show into what the webview is sent, with Markdown rendered.
 * Pure, so what the webview may learn (and when) is decided and tested in one place: a choice's
 * correctness appears only in the feedback of an answered question.
 */
export class QuizViewBuilder {
  constructor(
    private readonly module: QuizModule,
    private readonly renderer: MarkdownRenderer,
    private readonly headings: HeadingTable,
  ) {}

  moduleView(articleHtml: string | undefined): ModuleView {
    const m = this.module;
    return {
      id: m.id,
      title: m.title,
      ...(m.description ? { description: m.description } : {}),
      ...(articleHtml !== undefined ? { articleHtml } : {}),
      passingScore: m.passingScore,
      questionCount: m.questions.length,
      totalPoints: totalPoints(m),
      feedbackTiming: m.feedbackTiming,
    };
  }

  /**
   * `record` is the saved record the view was made from: with it, the result of a full attempt
   * says how many of its mistakes can be retried.
   */
  quizState(view: SessionView, record?: ProgressRecord): QuizState {
    switch (view.phase) {
      case 'intro':
        return {
          phase: 'intro',
          attempts: view.summary.finishedAttempts,
          ...(view.summary.best ? { bestPercent: this.shownPercent(view.summary.best) } : {}),
          ...(view.summary.last ? { lastPercent: this.shownPercent(view.summary.last) } : {}),
          ...(view.resumeAnswered !== undefined ? { resumeAnswered: view.resumeAnswered } : {}),
        };
      case 'question':
        return {
          phase: 'question',
          attemptId: view.attempt.id,
          index: view.index,
          total: view.total,
          question: this.questionView(view.question, view.choiceOrder),
          ...(view.answer && view.picks ? { feedback: this.feedbackView(view.question, view.answer, view.picks) } : {}),
          ...(view.change
            ? { notice: { kept: view.change.kept, reasked: view.change.reasked, removed: view.change.removed, added: view.change.added } }
            : {}),
          ...(view.hintAvailable && !view.answer ? { hintAvailable: true as const } : {}),
          ...(view.attempt.kind ? { kind: view.attempt.kind } : {}),
        };
      case 'summary':
        return {
          phase: 'summary',
          attemptId: view.attempt.id,
          summary: {
            earned: view.result.earned,
            possible: view.result.possible,
            percent: this.shownPercent(view.result),
            passed: view.result.passed,
            passingScore: this.module.passingScore,
            finishedAt: view.attempt.finishedAt ?? '',
            review: view.review.map((entry) => this.reviewItem(entry)),
            ...(view.attempt.kind ? { kind: view.attempt.kind } : {}),
            ...(this.mistakesToRetry(view, record)),
          },
        };
    }
  }

  /** A score as the page shows it, on the same side of the passing score as the verdict beside it. */
  private shownPercent(result: { readonly earned: number; readonly possible: number }): number {
    return percentOf(result.earned, result.possible, this.module.passingScore);
  }

  /** The hint of a question, rendered, for the learner who asked for it. */
  hintHtml(markdown: string): string {
    return this.renderer.renderBlock(markdown);
  }

  private mistakesToRetry(view: Extract<SessionView, { phase: 'summary' }>, record: ProgressRecord | undefined): { mistakes?: number } {
    if (!record || view.attempt.kind) return {};
    if (lastFinishedAttempt(record)?.id !== view.attempt.id) return {};
    const count = mistakesOf(record, this.module).length;
    return count > 0 ? { mistakes: count } : {};
  }

  private questionView(question: Question, order: readonly number[]): QuestionView {
    return {
      id: question.id,
      promptHtml: this.renderer.renderBlock(question.prompt),
      multiple: isMultipleAnswer(question),
      choices: this.choiceViews(question, order),
      points: question.points,
    };
  }

  private choiceViews(question: Question, order: readonly number[]): ChoiceView[] {
    return order.flatMap((i) => {
      const choice = question.choices[i];
      return choice ? [{ id: choiceKeyAt(question, i), html: this.renderer.renderInline(choice.text) }] : [];
    });
  }

  private feedbackView(question: Question, answer: AnswerRecord, picks: readonly number[]): FeedbackView {
    const choiceFeedback = picks.flatMap((pick) => {
      const feedback = question.choices[pick]?.feedback;
      return feedback ? [{ choiceId: choiceKeyAt(question, pick), html: this.renderer.renderBlock(feedback) }] : [];
    });
    const heading = question.section ? this.headings.get(question.section) : undefined;
    return {
      correct: answer.correct,
      earned: answer.earned,
      points: answer.points,
      picks: picks.map((i) => choiceKeyAt(question, i)),
      correctChoices: correctChoiceIndexes(question).map((i) => choiceKeyAt(question, i)),
      choiceFeedback,
      ...(question.explanation ? { explanationHtml: this.renderer.renderBlock(question.explanation) } : {}),
      ...(!answer.correct && heading ? { section: { id: heading.anchor, title: heading.text } } : {}),
    };
  }

  private reviewItem(entry: ReviewEntry): ReviewItem {
    const { question, answer } = entry;
    const base = {
      questionId: entry.questionId,
      promptHtml: question ? this.renderer.renderBlock(question.prompt) : '',
      multiple: question ? isMultipleAnswer(question) : false,
    };
    if (!question || entry.stale) {
      return {
        ...base,
        choices: [],
        ...(answer ? { changed: { earned: answer.earned, points: answer.points, removed: !question } } : {}),
      };
    }
    return {
      ...base,
      choices: this.choiceViews(question, entry.choiceOrder),
      ...(answer ? { feedback: this.feedbackView(question, answer, entry.picks) } : {}),
    };
  }
}
