/**
 * The quiz area: draws each state the host sends and turns the user's actions into messages.
 * An action the host answers with a new state (answer, next, start, restart) is sent once: until
 * that state (or an error) arrives, repeats from clicks or keys are dropped.
 */
import type { ModuleView, QuestionState } from '../protocol/views';
import { changeNoticeText, earnedText, verdictText, type QuizPageMessage, type QuizPageState, type RenderContext, type Translator } from './context';
import { renderIntro } from './intro';
import { pickedChoices, pickedConfidence, renderHint, renderQuestion } from './question';
import { renderReviewDone, renderSummary, reviewDoneAnnouncement, summaryAnnouncement } from './summary';

interface QuizControllerOptions {
  /** The element the quiz is drawn in (`#quiz`). */
  readonly root: HTMLElement;
  readonly t: Translator;
  /** Posts a message to the host. */
  readonly post: (message: QuizPageMessage) => void;
  /** Says something to screen-reader users. */
  readonly announce: (message: string) => void;
  /** Shows an article section after a wrong answer. */
  readonly reread: (sectionId: string) => void;
}

/** Messages that change the attempt and that the host answers with a new quiz state. */
function waitsForState(message: QuizPageMessage): boolean {
  return message.type === 'answer' || message.type === 'next' || message.type === 'start' || message.type === 'restart';
}

/** The control that has focus inside `root`, by id or by a choice's key, to focus its redrawn twin. */
function focusedControl(root: HTMLElement): { readonly attribute: 'id' | 'data-key'; readonly value: string } | undefined {
  const active = root.ownerDocument.activeElement;
  if (!active || active === root || !root.contains(active)) return undefined;
  if (active.id) return { attribute: 'id', value: active.id };
  const key = active.getAttribute('data-key');
  return key !== null ? { attribute: 'data-key', value: key } : undefined;
}

function refocus(root: HTMLElement, control: ReturnType<typeof focusedControl>): void {
  if (!control) return;
  const twin = [...root.querySelectorAll<HTMLElement>(`[${control.attribute}]`)].find((element) => element.getAttribute(control.attribute) === control.value);
  twin?.focus();
}

function sameNotice(a: QuestionState['notice'], b: QuestionState['notice']): boolean {
  if (!a || !b) return a === b;
  return a.kept === b.kept && a.reasked === b.reasked && a.removed === b.removed && a.added === b.added;
}

export class QuizController {
  private module: ModuleView | undefined;
  private current: QuizPageState | undefined;
  private waiting = false;
  /** The hint shown for the question being asked (rendered), kept when the page redraws it. */
  private hint: { attemptId: string; questionId: string; html?: string } | undefined;
  private readonly ctx: RenderContext;

  constructor(private readonly options: QuizControllerOptions) {
    this.ctx = { t: options.t, send: (message) => this.send(message), reread: options.reread };
  }

  get root(): HTMLElement {
    return this.options.root;
  }

  /** The state shown, if any has arrived. */
  get state(): QuizPageState | undefined {
    return this.current;
  }

  /** True between sending an action and the host's reply. */
  get awaitingHost(): boolean {
    return this.waiting;
  }

  setModule(module: ModuleView): void {
    this.module = module;
  }

  /** Sends a message; drops an attempt action while an earlier one is unanswered. */
  send(message: QuizPageMessage): boolean {
    if (waitsForState(message)) {
      if (this.waiting) return false;
      this.waiting = true;
    }
    this.options.post(message);
    return true;
  }

  /** The host reported an error: whatever was sent will not be answered, so allow a retry. */
  hostFailed(): void {
    this.waiting = false;
  }

  /**
   * Draws a state from the host; this is the reply that ends any wait. Returns whether the learner
   * has something new to look at (another question, feedback, a result), where focus should go;
   * a redraw of the question being answered (the record saved, a notice) keeps focus where it was.
   */
  render(state: QuizPageState): boolean {
    const previous = this.current;
    this.current = state;
    this.waiting = false;
    const { root, t } = this.options;
    // The same state again (the record was saved and the page drawn from it) ends a wait too, so
    // it is drawn (buttons enabled again), with focus put back where it was.
    const unchanged = previous !== undefined && JSON.stringify(previous) === JSON.stringify(state);
    const focused = focusedControl(root);
    switch (state.phase) {
      case 'intro':
        root.replaceChildren(...renderIntro(state, this.module, this.ctx));
        break;
      case 'question': {
        const question = state.question;
        const samePending =
          previous?.phase === 'question' && previous.question.id === question.id && !previous.feedback && !state.feedback;
        const keepConfidence = samePending ? pickedConfidence(root) : undefined;
        if (this.hint && (this.hint.attemptId !== state.attemptId || this.hint.questionId !== question.id)) this.hint = undefined;
        root.replaceChildren(
          ...renderQuestion(state, this.ctx, {
            exam: state.exam === true || (state.source === undefined && this.module?.feedbackTiming === 'end'),
            keepPicks: samePending ? pickedChoices(root) : [],
            onCheck: () => this.checkAnswer(),
            ...(keepConfidence ? { keepConfidence } : {}),
            ...(this.hint?.html !== undefined ? { hintHtml: this.hint.html } : {}),
            onHint: () => this.askHint(),
          }),
        );
        this.announceQuestion(state, previous);
        if (samePending) {
          refocus(root, focused);
          return false;
        }
        break;
      }
      case 'summary':
        root.replaceChildren(...renderSummary(state.summary, this.ctx));
        if (!unchanged) this.options.announce(summaryAnnouncement(state.summary, t));
        break;
      case 'reviewDone':
        root.replaceChildren(...renderReviewDone(state, this.ctx));
        if (!unchanged) this.options.announce(reviewDoneAnnouncement(state, t));
        break;
    }
    if (unchanged) {
      refocus(root, focused);
      return false;
    }
    return true;
  }

  /** Asks the host for the hint of the question being asked (Show hint button, or H). */
  askHint(): void {
    const state = this.current;
    if (state?.phase !== 'question' || state.feedback || !state.hintAvailable) return;
    if (this.hint?.attemptId === state.attemptId && this.hint.questionId === state.question.id) return;
    this.hint = { attemptId: state.attemptId, questionId: state.question.id };
    const shown = this.options.root.querySelector<HTMLButtonElement>('#show-hint');
    if (shown) shown.disabled = true;
    this.options.post({ type: 'hint', attemptId: state.attemptId, questionId: state.question.id });
  }

  /** The host sent the hint: it appears under the prompt, is read out, and the answer says it was used. */
  showHint(attemptId: string, questionId: string, html: string): void {
    const state = this.current;
    if (state?.phase !== 'question' || state.feedback || state.attemptId !== attemptId || state.question.id !== questionId) return;
    this.hint = { attemptId, questionId, html };
    const { root, t } = this.options;
    root.querySelector('#hint-box')?.remove();
    const box = renderHint(html, t);
    root.querySelector('#question-prompt')?.after(box);
    root.querySelector('#show-hint')?.remove();
    this.options.announce(`${t('hintTitle')}: ${box.querySelector('.hint-body')?.textContent ?? ''}`);
  }

  /** Ticks "sure" or "unsure" (S or U). */
  setConfidence(value: 'sure' | 'unsure'): void {
    const state = this.current;
    if (state?.phase !== 'question' || state.feedback) return;
    const input = this.options.root.querySelector<HTMLInputElement>(`input[name="confidence"][value="${value}"]`);
    if (!input) return;
    input.checked = true;
    input.focus();
  }

  private announceQuestion(state: QuestionState, previous: QuizPageState | undefined): void {
    const { t, announce } = this.options;
    const said: string[] = [];
    if (state.feedback) {
      said.push(`${verdictText(t, state.feedback)} ${earnedText(t, state.feedback)}`);
    } else if (previous?.phase === 'question' && previous.question.id !== state.question.id && this.module?.feedbackTiming === 'end') {
      said.push(`${t('answerSaved')} ${t('questionOf', state.index + 1, state.total)}`);
    }
    const noticeIsNew =
      state.notice && !(previous?.phase === 'question' && previous.attemptId === state.attemptId && sameNotice(previous.notice, state.notice));
    if (state.notice && noticeIsNew) said.push(changeNoticeText(t, state.notice));
    if (said.length > 0) announce(said.join(' '));
  }

  /** Sends the ticked choices as the answer (Check button, or Enter). */
  checkAnswer(): void {
    const state = this.current;
    if (state?.phase !== 'question' || state.feedback || this.waiting) return;
    const { root, t, announce } = this.options;
    const picks = pickedChoices(root);
    if (picks.length === 0) {
      announce(t('pickFirst'));
      root.querySelector<HTMLInputElement>('input[data-choice]')?.focus();
      return;
    }
    const check = root.querySelector<HTMLButtonElement>('#check-answer');
    if (check) check.disabled = true;
    const confidence = pickedConfidence(root);
    const hinted = this.hint?.html !== undefined && this.hint.attemptId === state.attemptId && this.hint.questionId === state.question.id;
    this.send({
      type: 'answer',
      attemptId: state.attemptId,
      questionId: state.question.id,
      picks,
      ...(confidence ? { confidence } : {}),
      ...(hinted ? { hinted: true as const } : {}),
    });
  }

  /** Goes on after feedback (Next / See results, or Enter). */
  next(): void {
    const state = this.current;
    if (state?.phase !== 'question' || !state.feedback || this.waiting) return;
    const next = this.options.root.querySelector<HTMLButtonElement>('#next-question');
    if (next) next.disabled = true;
    this.send({ type: 'next', attemptId: state.attemptId });
  }

  /** Focuses the feedback, else the question, else the heading of the quiz area. */
  focus(): void {
    const root = this.options.root;
    const target =
      root.querySelector<HTMLElement>('#feedback-status') ?? root.querySelector<HTMLElement>('#question-prompt') ?? root.querySelector<HTMLElement>('#quiz-heading');
    target?.focus();
  }
}
