/**
 * The messages between the extension host and a module webview: one union each way, keyed on
 * `type`. The host owns grading, so nothing here before an answer tells which choices are right.
 * All HTML fields were rendered by the host from Markdown and are sanitized again by the webview.
 */

import type { Grade } from '../core/grading';
import type { FeedbackTiming } from '../core/moduleModel';

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
  /** The choice's index in the module file; the webview sends these back as picks. */
  readonly id: number;
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
  readonly id: string;
  readonly title: string;
}

/** A graded answer as the webview gets it: the grade, then the words that go with it. */
export interface FeedbackView extends Grade {
  /** Feedback written for the choices the user picked. */
  readonly choiceFeedback: readonly { readonly choiceId: number; readonly html: string }[];
  readonly explanationHtml?: string;
  /** Offered after a wrong answer when the question names a section of the article. */
  readonly section?: SectionLink;
}

export interface ReviewItem {
  readonly questionId: string;
  readonly promptHtml: string;
  readonly choices: readonly ChoiceView[];
  readonly multiple: boolean;
  /** Undefined when the question was not answered (it was added after the attempt began). */
  readonly feedback?: FeedbackView;
}

export interface SummaryView {
  readonly earned: number;
  readonly possible: number;
  readonly percent: number;
  readonly passed: boolean;
  readonly passingScore: number;
  readonly finishedAt: string;
  readonly review: readonly ReviewItem[];
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
      /** In "end" timing, the answer was saved and feedback waits for the summary. */
      readonly saved?: boolean;
    }
  | { readonly phase: 'summary'; readonly attemptId: string; readonly summary: SummaryView };

export type ToWebviewMessage =
  | { readonly type: 'module'; readonly module: ModuleView }
  | { readonly type: 'show'; readonly view: 'article' | 'quiz' }
  | { readonly type: 'quiz'; readonly quiz: QuizState }
  | { readonly type: 'unavailable'; readonly message: string }
  | { readonly type: 'error'; readonly message: string };

export type FromWebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'start' }
  | { readonly type: 'answer'; readonly attemptId: string; readonly questionId: string; readonly picks: readonly number[] }
  | { readonly type: 'next'; readonly attemptId: string }
  /** Abandons the open attempt, if any, and starts a new one. */
  | { readonly type: 'restart' }
  /** Shows the summary of the last finished attempt. */
  | { readonly type: 'review' }
  | { readonly type: 'showScores' };

/** What the webview saves with `setState` so a reload puts the user back where they were. */
export interface WebviewPersistedState {
  readonly moduleId: string;
  readonly view: 'article' | 'quiz';
  readonly scrollY: number;
}
