/** The quiz's first page: what the quiz is, past attempts, and the buttons to begin. */
import type { QuizState } from '../protocol/modulePage';
import type { ModuleView } from '../protocol/views';
import type { RenderContext } from './context';
import { button, el } from './dom';

type IntroState = Extract<QuizState, { phase: 'intro' }>;

export function renderIntro(state: IntroState, module: ModuleView | undefined, ctx: RenderContext): HTMLElement[] {
  const { t, send } = ctx;
  const heading = el('h2', { id: 'quiz-heading', text: t('quiz'), attrs: { tabindex: '-1' } });
  const facts = el('div', { className: 'intro' });
  if (module) {
    facts.append(el('p', { text: t('introCount', module.questionCount, module.totalPoints, module.passingScore) }));
    facts.append(el('p', { text: module.feedbackTiming === 'end' ? t('introExam') : t('introImmediate') }));
  }
  facts.append(
    el('p', {
      text: state.bestPercent !== undefined ? t('introAttempts', state.attempts, state.bestPercent, state.lastPercent ?? '—') : t('introNoAttempts'),
    }),
  );
  const actions = el('div', { className: 'actions' });
  if (state.resumeAnswered !== undefined) {
    actions.append(
      button(t('resume', state.resumeAnswered), () => send({ type: 'start' }), { primary: true, icon: 'debug-continue', id: 'start-quiz', once: true }),
      button(t('restart'), () => send({ type: 'restart' }), { icon: 'debug-restart', once: true }),
    );
  } else {
    actions.append(button(t('start'), () => send({ type: 'start' }), { primary: true, icon: 'play', id: 'start-quiz', once: true }));
  }
  if (state.attempts > 0) actions.append(button(t('reviewLast'), () => send({ type: 'review' }), { icon: 'history' }));
  actions.append(button(t('showScores'), () => send({ type: 'showScores' }), { icon: 'graph' }));
  facts.append(el('p', { className: 'hint', text: t('keyboardHint') }));
  return [heading, facts, actions];
}
