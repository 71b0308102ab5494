import { nextQuestionId, openAttempt, questionById } from '../core/attempt';
import type { MarkdownRenderer } from '../core/markdown';
import { correctChoiceIndexes, isMultipleAnswer, totalPoints, type Question, type QuizModule } from '../core/moduleModel';
import { summarize, type AnswerRecord, type AttemptRecord, type ProgressRecord } from '../core/progressRecord';
import type {
  ChoiceView,
  FeedbackView,
  ModuleView,
  QuestionView,
  QuizState,
  ReviewItem,
  SummaryView,
} from './messages';

/**
 * Builds what the webview is shown from a module and its saved attempts. Pure, so what the
 * webview may learn (and when) is decided and tested in one place.
 */
export class QuizViewBuilder {
  constructor(
    private readonly module: QuizModule,
    private readonly renderer: MarkdownRenderer,
    /** Heading id -> heading text, from the rendered article. */
    private readonly headings: ReadonlyMap<string, string>,
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

  /** The intro, the open attempt's current question, or the last attempt's summary. */
  stateFor(record: ProgressRecord, showFeedbackFor?: string): QuizState {
    const attempt = openAttempt(record);
    if (attempt) {
      if (showFeedbackFor && attempt.answers[showFeedbackFor]) return this.questionState(attempt, showFeedbackFor);
      const next = nextQuestionId(attempt);
      if (next) return this.questionState(attempt, next);
    }
    return this.introState(record);
  }

  introState(record: ProgressRecord): QuizState {
    const summary = summarize(record);
    const attempt = openAttempt(record);
    const answered = attempt ? Object.keys(attempt.answers).length : 0;
    return {
      phase: 'intro',
      attempts: summary.finishedAttempts,
      ...(summary.best ? { bestPercent: summary.best.percent } : {}),
      ...(summary.last ? { lastPercent: summary.last.percent } : {}),
      ...(attempt && answered > 0 ? { resumeAnswered: answered } : {}),
    };
  }

  questionState(attempt: AttemptRecord, questionId: string): QuizState {
    const question = questionById(this.module, questionId);
    if (!question) throw new RangeError(`No question "${questionId}" in module "${this.module.id}"`);
    const answer = attempt.answers[questionId];
    const immediate = this.module.feedbackTiming === 'immediate';
    return {
      phase: 'question',
      attemptId: attempt.id,
      index: Math.max(0, attempt.questionOrder.indexOf(questionId)),
      total: attempt.questionOrder.length,
      question: this.questionView(question, attempt.choiceOrder[questionId]),
      ...(answer && immediate ? { feedback: this.feedbackView(question, answer) } : {}),
      ...(answer && !immediate ? { saved: true } : {}),
    };
  }

  summaryState(attempt: AttemptRecord): QuizState {
    return { phase: 'summary', attemptId: attempt.id, summary: this.summaryView(attempt) };
  }

  questionView(question: Question, order: readonly number[] | undefined): QuestionView {
    return {
      id: question.id,
      promptHtml: this.renderer.renderBlock(question.prompt),
      multiple: isMultipleAnswer(question),
      choices: this.choiceViews(question, order),
      points: question.points,
    };
  }

  private choiceViews(question: Question, order: readonly number[] | undefined): ChoiceView[] {
    const indexes = order && order.length === question.choices.length ? order : question.choices.map((_, i) => i);
    return indexes.map((i) => ({ id: i, html: this.renderer.renderInline(question.choices[i]!.text) }));
  }

  feedbackView(question: Question, answer: AnswerRecord): FeedbackView {
    const choiceFeedback = answer.picks
      .filter((pick) => question.choices[pick]?.feedback)
      .map((pick) => ({ choiceId: pick, html: this.renderer.renderBlock(question.choices[pick]!.feedback!) }));
    const sectionTitle = question.section ? this.headings.get(question.section) : undefined;
    return {
      correct: answer.correct,
      earned: answer.earned,
      points: answer.points,
      picks: answer.picks,
      correctChoices: correctChoiceIndexes(question),
      choiceFeedback,
      ...(question.explanation ? { explanationHtml: this.renderer.renderBlock(question.explanation) } : {}),
      ...(!answer.correct && question.section && sectionTitle !== undefined
        ? { section: { id: question.section, title: sectionTitle } }
        : {}),
    };
  }

  summaryView(attempt: AttemptRecord): SummaryView {
    const result = attempt.result;
    if (!result || !attempt.finishedAt) throw new RangeError(`Attempt "${attempt.id}" is not finished`);
    const review: ReviewItem[] = [];
    for (const id of attempt.questionOrder) {
      const question = questionById(this.module, id);
      if (!question) continue;
      const answer = attempt.answers[id];
      review.push({
        questionId: id,
        promptHtml: this.renderer.renderBlock(question.prompt),
        choices: this.choiceViews(question, attempt.choiceOrder[id]),
        multiple: isMultipleAnswer(question),
        ...(answer ? { feedback: this.feedbackView(question, answer) } : {}),
      });
    }
    return {
      earned: result.earned,
      possible: result.possible,
      percent: result.percent,
      passed: result.passed,
      passingScore: this.module.passingScore,
      finishedAt: attempt.finishedAt,
      review,
    };
  }
}
