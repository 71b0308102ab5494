/**
 * Keys of the module webview: digits tick a choice, S and U say sure or unsure, H shows the
 * hint, Enter checks the answer or goes on, Escape leaves a re-read section for the question.
 */
import type { QuizController } from './quiz';

export interface KeyboardHost {
  readonly quiz: QuizController;
  /** Whether the quiz tab is the one shown. */
  quizShown(): boolean;
  /** Whether the "Back to the question" bar is shown (the user is re-reading a section). */
  rereading(): boolean;
  backToQuestion(): void;
}

/** Elements whose own Enter handling (click, follow) must not be overridden. */
function activatesOnEnter(target: EventTarget | null): boolean {
  const tag = (target as Element | null)?.tagName;
  return tag === 'BUTTON' || tag === 'A';
}

function handleKeydown(event: KeyboardEvent, host: KeyboardHost): void {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'Escape' && host.rereading()) {
    event.preventDefault();
    host.backToQuestion();
    return;
  }
  const quiz = host.quiz;
  const state = quiz.state;
  if (!host.quizShown() || state?.phase !== 'question') return;
  if (/^[0-9]$/.test(event.key) && !state.feedback) {
    const input = quiz.root.querySelector<HTMLInputElement>(`input[data-key="${event.key}"]`);
    if (!input || input.disabled) return;
    event.preventDefault();
    if (input.type === 'checkbox') input.checked = !input.checked;
    else input.checked = true;
    input.focus();
    return;
  }
  if (!state.feedback && (event.key === 's' || event.key === 'u' || event.key === 'S' || event.key === 'U')) {
    event.preventDefault();
    quiz.setConfidence(event.key.toLowerCase() === 's' ? 'sure' : 'unsure');
    return;
  }
  if (!state.feedback && (event.key === 'h' || event.key === 'H') && state.hintAvailable) {
    event.preventDefault();
    quiz.askHint();
    return;
  }
  if (event.key === 'Enter' && !activatesOnEnter(event.target)) {
    event.preventDefault();
    if (state.feedback) quiz.next();
    else quiz.checkAnswer();
  }
}

/** Listens on `target` (the document); returns a function that stops listening. */
export function attachKeyboard(target: EventTarget, host: KeyboardHost): () => void {
  const listener = (event: Event): void => handleKeydown(event as KeyboardEvent, host);
  target.addEventListener('keydown', listener);
  return () => target.removeEventListener('keydown', listener);
}
