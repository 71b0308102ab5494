/**
 * The review page's protocol (`Quiz: Review Due Questions`): the messages between the host and
 * the page that asks the questions due now from every module, one at a time, the views they
 * carry, and the guard of what the page sends. The page has no module of its own: each question
 * says which module it is from. The host grades, and a question's answer reaches the page only in
 * the feedback after it was answered.
 */

import { checkPageMessage, type Checked } from './guard';
import type { AnswerMessage, ErrorMessage, HintMessage, HintRequest, NextMessage, OpenLinkMessage, QuestionState, ReadyMessage } from './views';
import type { WebviewStrings } from './webviewStrings';

/** The heading of the review session. */
export interface ReviewSessionView {
  readonly title: string;
  readonly description: string;
}

/** The end of a review session. */
export interface ReviewDoneView {
  readonly phase: 'reviewDone';
  readonly answered: number;
  readonly correct: number;
  /** When the next question falls due, in words ("on Tuesday 3 December at 10:00"). */
  readonly nextDue?: string;
}

/** A question of the session (its `source` names its module), or the end of the session. */
export type ReviewPageState = QuestionState | ReviewDoneView;

export type ToReviewPageMessage =
  | { readonly type: 'session'; readonly session: ReviewSessionView }
  | { readonly type: 'quiz'; readonly quiz: ReviewPageState }
  | HintMessage
  | ErrorMessage;

export type FromReviewPageMessage =
  | ReadyMessage
  | AnswerMessage
  | NextMessage
  | HintRequest
  /** "Check again" at the end: a new session of whatever is due by now. */
  | { readonly type: 'start' }
  /** A link in a question or its feedback; the review page opens none (it has no article). */
  | OpenLinkMessage;

const FROM_REVIEW_PAGE = ['ready', 'answer', 'next', 'hint', 'start', 'openLink'] as const;

/**
 * Checks a message that claims to come from the review page: exactly one of the messages above,
 * with no other field, or a problem that says what is wrong with it.
 */
export function checkFromReviewPage(value: unknown): Checked<FromReviewPageMessage> {
  return checkPageMessage(value, FROM_REVIEW_PAGE);
}

/** What the host builds the page with. */
export interface ReviewPageData {
  readonly page: 'review';
  readonly strings: WebviewStrings;
}
