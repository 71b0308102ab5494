/**
 * The messages between the host and the module preview, the author's view of a module while it
 * is written. Unlike the learner's panel, the preview is sent every question's answer key, its
 * feedback and its explanation at once: the author is reading their own file. The preview never
 * starts an attempt, so it sends the host nothing but "ready" and the links clicked in it.
 */
import type { ChoiceView, ModuleView, SectionLink } from './modulePage';

export interface PreviewQuestion {
  readonly id: string;
  readonly promptHtml: string;
  readonly multiple: boolean;
  readonly points: number;
  /** In the order the file lists them (a learner sees them shuffled when the module says so). */
  readonly choices: readonly ChoiceView[];
  /** Keys of the correct choices. */
  readonly correctChoices: readonly string[];
  /** The feedback written for each choice that has one. */
  readonly choiceFeedback: readonly { readonly choiceId: string; readonly html: string }[];
  readonly explanationHtml?: string;
  /** The article heading the question names, when it names one. */
  readonly section?: SectionLink;
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
export interface PreviewProblem {
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
