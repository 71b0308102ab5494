/**
 * The preview's protocol: the messages between the host and the module preview, the author's
 * view of a module while it is written, the views they carry, and the guard of what the page
 * sends. Unlike the learner's page, the preview is sent every question's answer key, its
 * feedback and its explanation at once: the author is reading their own file. The preview never
 * starts an attempt, so it sends the host nothing but "ready" and the links clicked in it.
 */
import { checkPageMessage, type Checked } from './guard';
import type { ChoiceView, FeedbackView, ModuleView, OpenLinkMessage, QuestionView, ReadyMessage } from './views';
import type { WebviewStrings } from './webviewStrings';

/**
 * A question with its answer key. `choiceFeedback` holds the feedback written for each choice
 * that has one (not only for picks, as after an answer).
 */
export interface PreviewQuestion
  extends Omit<QuestionView, 'choices'>,
    Pick<FeedbackView, 'correctChoices' | 'choiceFeedback' | 'explanationHtml' | 'section'> {
  /** In the order the file lists them (a learner sees them shuffled when the module says so). */
  readonly choices: readonly ChoiceView[];
}

/** The last version of the module that had no error, as the preview shows it. */
export interface PreviewContent {
  /** Grows with every new version, so the page redraws only what changed. */
  readonly version: number;
  readonly module: ModuleView;
  readonly shuffleChoices: boolean;
  readonly questions: readonly PreviewQuestion[];
}

/** A problem as the banner names it. */
interface PreviewProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface PreviewStatus {
  readonly errors: number;
  readonly warnings: number;
  /** The first error of the text being edited; present while the preview shows an older version. */
  readonly firstError?: PreviewProblem;
  /** The name of the module file, for the banner. */
  readonly file: string;
}

export type ToPreviewMessage = { readonly type: 'preview'; readonly content?: PreviewContent; readonly status: PreviewStatus };

export type FromPreviewMessage = ReadyMessage | OpenLinkMessage;

const FROM_PREVIEW = ['ready', 'openLink'] as const;

/** Checks a message that claims to come from the preview: exactly one of its two, or the problem. */
export function checkFromPreview(value: unknown): Checked<FromPreviewMessage> {
  return checkPageMessage(value, FROM_PREVIEW);
}

/** What the host builds the page with: the module page's words and the preview's own. */
export interface PreviewPageData {
  readonly strings: WebviewStrings;
  readonly preview: PreviewStrings;
}

/** The words of the preview page that the module page does not have. */
export interface PreviewStrings {
  readonly badge: string;
  readonly answerKey: string;
  readonly answerKeyHint: string;
  readonly shuffled: string;
  readonly sectionLabel: string;
  readonly choiceFeedback: string;
  readonly staleBanner: string;
  readonly firstProblem: string;
  readonly noContent: string;
  readonly warnings: string;
  readonly oneWarning: string;
  readonly ok: string;
  readonly noQuestions: string;
}
