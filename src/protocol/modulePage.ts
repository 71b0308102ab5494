/**
 * The module page's protocol: the messages between the host and a module's page (its article
 * and its quiz), one union each way keyed on `type`, the views they carry, and the guard of what
 * the page sends. The host owns grading, so nothing here before an answer tells which choices
 * are right. All HTML fields were rendered by the host from Markdown and are sanitized again by
 * the page.
 */

import type { AttemptKind } from '../core/session/progressRecord';
import { checkPageMessage, isRecord, isShortString, type Checked } from './guard';
import type {
  AnswerMessage,
  ChoiceView,
  ErrorMessage,
  FeedbackView,
  HintMessage,
  HintRequest,
  ModuleView,
  NextMessage,
  OpenLinkMessage,
  QuestionState,
  ReadyMessage,
} from './views';
import type { WebviewStrings } from './webviewStrings';

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

export interface SummaryView {
  readonly earned: number;
  readonly possible: number;
  readonly percent: number;
  readonly passed: boolean;
  readonly passingScore: number;
  readonly finishedAt: string;
  readonly review: readonly ReviewItem[];
  /** A practice (Retry Mistakes) attempt; absent for a full attempt. */
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
  | QuestionState
  | { readonly phase: 'summary'; readonly attemptId: string; readonly summary: SummaryView };

export type ToModulePageMessage =
  | { readonly type: 'module'; readonly module: ModuleView }
  /** `section`: the element id of an article heading to show ("section-…"), from the scores page or a link in another module. */
  | { readonly type: 'show'; readonly view: 'article' | 'quiz'; readonly section?: string }
  | { readonly type: 'quiz'; readonly quiz: QuizState }
  | HintMessage
  | { readonly type: 'unavailable'; readonly message: string }
  | ErrorMessage;

export type FromModulePageMessage =
  | ReadyMessage
  | { readonly type: 'start' }
  | AnswerMessage
  | HintRequest
  /** Starts a practice attempt of the last full attempt's mistakes (Retry Mistakes). */
  | { readonly type: 'retry' }
  | NextMessage
  /** Abandons the open attempt, if any, and starts a new one. */
  | { readonly type: 'restart' }
  /** Shows the summary of the last finished attempt. */
  | { readonly type: 'review' }
  | { readonly type: 'showScores' }
  | OpenLinkMessage;

const FROM_MODULE_PAGE = ['ready', 'start', 'answer', 'hint', 'retry', 'next', 'restart', 'review', 'showScores', 'openLink'] as const;

/**
 * Checks a message that claims to come from a module page: exactly one of the messages above,
 * with no other field, or a problem that says what is wrong with it.
 */
export function checkFromModulePage(value: unknown): Checked<FromModulePageMessage> {
  return checkPageMessage(value, FROM_MODULE_PAGE);
}

/** What the page saves with `setState` so a reload puts the user back where they were. */
export interface WebviewPersistedState {
  readonly moduleId: string;
  readonly view: 'article' | 'quiz';
  readonly scrollY: number;
}

/** What the host builds the page with. */
export interface ModulePageData {
  readonly page: 'module';
  readonly moduleId: string;
  readonly view: 'article' | 'quiz';
  readonly strings: WebviewStrings;
  /** The module as the page was built with it (absent when it could not be loaded). */
  readonly module?: ModuleView;
}

/** Checks the state a page saved, as handed back by VS Code when it restores a panel. */
export function parsePersistedState(value: unknown): WebviewPersistedState | undefined {
  if (!isRecord(value) || !isShortString(value['moduleId'])) return undefined;
  const view = value['view'] === 'quiz' ? 'quiz' : 'article';
  const scrollY = typeof value['scrollY'] === 'number' && Number.isFinite(value['scrollY']) ? Math.max(0, value['scrollY']) : 0;
  return { moduleId: value['moduleId'], view, scrollY };
}
