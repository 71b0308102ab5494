/**
 * The messages between the extension host and a module webview: one union each way, keyed on
 * `type`. The host owns grading, so nothing here before an answer tells which choices are right.
 * All HTML fields were rendered by the host from Markdown and are sanitized again by the webview.
 */

import type { FeedbackTiming } from '../core/module/moduleModel';
import type { AnswerConfidence, AttemptKind } from '../core/session/progressRecord';

export interface ModuleView {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly articleHtml?: string;
  readonly passingScore: number;
  readonly questionCount: number;
  readonly totalPoints: number;
  readonly feedbackTiming: FeedbackTiming;
}

export interface ChoiceView {
  /** The choice's stable key (see `choiceKeys`); the webview sends these back as picks. */
  readonly id: string;
  readonly html: string;
}

export interface QuestionView {
  readonly id: string;
  readonly promptHtml: string;
  /** True for "select all that apply" (checkboxes), false for one pick (radio buttons). */
  readonly multiple: boolean;
  /** In the order this attempt shows them. */
  readonly choices: readonly ChoiceView[];
  readonly points: number;
}

export interface SectionLink {
  /** The element id of the heading in the rendered article (namespaced, "section-…"). */
  readonly id: string;
  readonly title: string;
}

/** A graded answer as the webview gets it: the grade, then the words that go with it. */
export interface FeedbackView {
  readonly correct: boolean;
  readonly earned: number;
  readonly points: number;
  /** Choice keys. */
  readonly picks: readonly string[];
  readonly correctChoices: readonly string[];
  /** Feedback written for the choices the user picked. */
  readonly choiceFeedback: readonly { readonly choiceId: string; readonly html: string }[];
  readonly explanationHtml?: string;
  /** Offered after a wrong answer when the question names a section of the article. */
  readonly section?: SectionLink;
}

export interface ReviewItem {
  readonly questionId: string;
  /** Empty when the question has left the module since. */
  readonly promptHtml: string;
  readonly choices: readonly ChoiceView[];
  readonly multiple: boolean;
  /** Undefined when the question was not answered, or changed after it was answered. */
  readonly feedback?: FeedbackView;
  /** The question changed or left the module after this attempt: only the points are known. */
  readonly changed?: { readonly earned: number; readonly points: number; readonly removed: boolean };
}

/** What an edit of the module file did to the open attempt, for the notice above the question. */
export interface ChangeNotice {
  readonly kept: number;
  readonly reasked: number;
  readonly removed: number;
  readonly added: number;
}

export interface SummaryView {
  readonly earned: number;
  readonly possible: number;
  readonly percent: number;
  readonly passed: boolean;
  readonly passingScore: number;
  readonly finishedAt: string;
  readonly review: readonly ReviewItem[];
  /** A practice (Retry Mistakes) or review attempt; absent for a full attempt. */
  readonly kind?: AttemptKind;
  /** Questions this full attempt got wrong that can be retried; absent when none. */
  readonly mistakes?: number;
}

export type QuizState =
  | {
      readonly phase: 'intro';
      readonly attempts: number;
      readonly bestPercent?: number;
      readonly lastPercent?: number;
      /** Questions answered in the open attempt, when one can be resumed. */
      readonly resumeAnswered?: number;
    }
  | {
      readonly phase: 'question';
      readonly attemptId: string;
      /** 0-based position in this attempt. */
      readonly index: number;
      readonly total: number;
      readonly question: QuestionView;
      /** Present once the question is answered, when the module gives feedback right away. */
      readonly feedback?: FeedbackView;
      /** The module was edited during this attempt. */
      readonly notice?: ChangeNotice;
      /** The question has a hint the learner may ask for (the host sends it only when asked). */
      readonly hintAvailable?: true;
      /** The question is from an exam module: saved without feedback (in a review session). */
      readonly exam?: true;
      /** The title of the module the question is from (in a review session across modules). */
      readonly source?: string;
      /** The attempt is a practice (Retry Mistakes) or review attempt, not a full one. */
      readonly kind?: AttemptKind;
    }
  | { readonly phase: 'summary'; readonly attemptId: string; readonly summary: SummaryView }
  /** The end of a review session. */
  | {
      readonly phase: 'reviewDone';
      readonly answered: number;
      readonly correct: number;
      /** When the next question falls due, in words ("on Tuesday 3 December at 10:00"). */
      readonly nextDue?: string;
    };

export type ToWebviewMessage =
  | { readonly type: 'module'; readonly module: ModuleView }
  /** `section`: the element id of an article heading to show ("section-…"), from the scores page or a link in another module. */
  | { readonly type: 'show'; readonly view: 'article' | 'quiz'; readonly section?: string }
  | { readonly type: 'quiz'; readonly quiz: QuizState }
  /** The hint the learner asked for (Markdown rendered by the host). */
  | { readonly type: 'hint'; readonly attemptId: string; readonly questionId: string; readonly html: string }
  | { readonly type: 'unavailable'; readonly message: string }
  | { readonly type: 'error'; readonly message: string };

export type FromWebviewMessage =
  /** `timeZone`: the page's IANA zone, so the learner's days are counted on their calendar. */
  | { readonly type: 'ready'; readonly timeZone?: string }
  | { readonly type: 'start' }
  /**
   * Picks are choice keys (`ChoiceView.id`); `confidence` is what the learner said before
   * checking, `hinted` that they showed the hint.
   */
  | {
      readonly type: 'answer';
      readonly attemptId: string;
      readonly questionId: string;
      readonly picks: readonly string[];
      readonly confidence?: AnswerConfidence;
      readonly hinted?: true;
    }
  /** Asks for the hint of the question being asked. */
  | { readonly type: 'hint'; readonly attemptId: string; readonly questionId: string }
  /** Starts a practice attempt of the last full attempt's mistakes (Retry Mistakes). */
  | { readonly type: 'retry' }
  | { readonly type: 'next'; readonly attemptId: string }
  /** Abandons the open attempt, if any, and starts a new one. */
  | { readonly type: 'restart' }
  /** Shows the summary of the last finished attempt. */
  | { readonly type: 'review' }
  | { readonly type: 'showScores' }
  /** A link outside the page was clicked; the host decides whether to open it. */
  | { readonly type: 'openLink'; readonly href: string };

/** What the webview saves with `setState` so a reload puts the user back where they were. */
export interface WebviewPersistedState {
  readonly moduleId: string;
  readonly view: 'article' | 'quiz';
  readonly scrollY: number;
}
