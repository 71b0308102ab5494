/**
 * What more than one page is shown or sends: a module's heading, a question with its choices,
 * the feedback on an answer, and the messages the module page and the review page share (the
 * preview reuses the views). Each page's own file (`modulePage.ts`, `reviewPage.ts`,
 * `preview.ts`) names which of these it takes. The host grades, so nothing here before an
 * answer tells which choices are right. All HTML fields were rendered by the host from Markdown
 * and are sanitized again by the page.
 */

import type { Grade } from '../core/module/grading';
import type { FeedbackTiming } from '../core/module/moduleModel';
import type { AttemptKind } from '../core/session/progressRecord';
import type { SessionAction } from '../core/session/session';

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
  /** The choice's stable key (see `choiceKeys`); the page sends these back as picks. */
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

interface SectionLink {
  /** The element id of the heading in the rendered article (namespaced, "section-…"). */
  readonly id: string;
  readonly title: string;
}

/** The feedback written for one choice, rendered. */
interface ChoiceFeedback {
  /** The choice's key. */
  readonly choiceId: string;
  readonly html: string;
}

/**
 * A graded answer as the page gets it: the grade (as core computed it, with choice keys in place
 * of choice numbers), then the words that go with it.
 */
export interface FeedbackView extends Pick<Grade, 'correct' | 'earned' | 'points'> {
  /** Choice keys. */
  readonly picks: readonly string[];
  readonly correctChoices: readonly string[];
  /** Feedback written for the choices the user picked. */
  readonly choiceFeedback: readonly ChoiceFeedback[];
  readonly explanationHtml?: string;
  /** Offered after a wrong answer when the question names a section of the article. */
  readonly section?: SectionLink;
}

/** What an edit of the module file did to the open attempt, for the notice above the question. */
export interface ChangeNotice {
  readonly kept: number;
  readonly reasked: number;
  readonly removed: number;
  readonly added: number;
}

/** A question being asked, on the module page or the review page. */
export interface QuestionState {
  readonly phase: 'question';
  readonly attemptId: string;
  /** 0-based position in this attempt (in the review session, across modules). */
  readonly index: number;
  readonly total: number;
  readonly question: QuestionView;
  /** Present once the question is answered, when the module gives feedback right away. */
  readonly feedback?: FeedbackView;
  /** The module was edited during this attempt (module page). */
  readonly notice?: ChangeNotice;
  /** The question has a hint the learner may ask for (the host sends it only when asked). */
  readonly hintAvailable?: true;
  /** The question is from an exam module: saved without feedback (review page). */
  readonly exam?: true;
  /** The title of the module the question is from (review page, across modules). */
  readonly source?: string;
  /** The attempt is a practice (Retry Mistakes) or review attempt, not a full one. */
  readonly kind?: AttemptKind;
}

// ---- Messages to a page ------------------------------------------------------------------------

/** The hint the learner asked for (Markdown rendered by the host). */
export interface HintMessage {
  readonly type: 'hint';
  readonly attemptId: string;
  readonly questionId: string;
  readonly html: string;
}

/** Something went wrong on the host; what was sent will not be answered. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly message: string;
}

// ---- Messages from a page ----------------------------------------------------------------------

/** The page is loaded. `timeZone`: the page's IANA zone, so the learner's days are counted on their calendar. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly timeZone?: string;
}

/**
 * An answer: the session's own action, as the page sends it. Picks are choice keys
 * (`ChoiceView.id`); `confidence` is what the learner said before checking, `hinted` that they
 * showed the hint (the guard lets only `true` through).
 */
export type AnswerMessage = Extract<SessionAction, { readonly type: 'answer' }>;

/** Goes on after the feedback of a question: the session's own action. */
export type NextMessage = Extract<SessionAction, { readonly type: 'next' }>;

/** Asks for the hint of the question being asked. */
export interface HintRequest {
  readonly type: 'hint';
  readonly attemptId: string;
  readonly questionId: string;
}

/** A link outside the page was clicked; the host decides whether to open it. */
export interface OpenLinkMessage {
  readonly type: 'openLink';
  readonly href: string;
}
