/** What the quiz renderers are handed instead of reaching for globals: words, and a way to act. */
import { formatString } from '../core/util/translate';
import type { FromModulePageMessage, QuizState } from '../protocol/modulePage';
import type { FromReviewPageMessage, ReviewPageState } from '../protocol/reviewPage';
import type { ChangeNotice, FeedbackView } from '../protocol/views';
import type { WebviewStringKey, WebviewStrings } from '../protocol/webviewStrings';

/** Looks a string up and fills in its `{0}`, `{1}`… */
export type Translator = (key: WebviewStringKey, ...args: Array<string | number>) => string;

/** The quiz is drawn the same on the module page and the review page; each sends its own messages. */
export type QuizPageMessage = FromModulePageMessage | FromReviewPageMessage;
export type QuizPageState = QuizState | ReviewPageState;

type Send = (message: QuizPageMessage) => void;

export interface RenderContext {
  readonly t: Translator;
  /** Sends a message to the host (through the quiz controller, which drops repeated actions). */
  readonly send: Send;
  /** Shows an article section after a wrong answer. */
  readonly reread: (sectionId: string) => void;
}

export function makeTranslator(strings: WebviewStrings): Translator {
  return (key, ...args) => formatString(strings[key], ...args);
}

/** "Correct.", "Partly correct." or "Incorrect." */
export function verdictText(t: Translator, feedback: FeedbackView): string {
  return feedback.correct ? t('correct') : feedback.earned > 0 ? t('partlyCorrect') : t('incorrect');
}

/** "2 of 3 points." or, for a one-point question, "1 of 1 point." */
export function earnedText(t: Translator, feedback: FeedbackView): string {
  return feedback.points === 1 ? t('earnedOfOne', feedback.earned) : t('earned', feedback.earned, feedback.points);
}

/** The sentences after the change notice's title: one per kind of change that happened. */
export function changeNoticeParts(t: Translator, notice: ChangeNotice): string[] {
  const parts: string[] = [];
  const add = (count: number, one: WebviewStringKey, many: WebviewStringKey): void => {
    if (count === 1) parts.push(t(one));
    else if (count > 0) parts.push(t(many, count));
  };
  add(notice.kept, 'changedKeptOne', 'changedKept');
  add(notice.reasked, 'changedReaskedOne', 'changedReasked');
  add(notice.removed, 'changedRemovedOne', 'changedRemoved');
  add(notice.added, 'changedAddedOne', 'changedAdded');
  return parts;
}

/** The whole change notice as one line, for the screen-reader announcement. */
export function changeNoticeText(t: Translator, notice: ChangeNotice): string {
  return [t('changedTitle'), ...changeNoticeParts(t, notice)].join(' ');
}
