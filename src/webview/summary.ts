/** The result of a finished attempt and the review of each of its questions. */
import type { ReviewItem, SummaryView } from '../protocol/modulePage';
import type { ReviewDoneView } from '../protocol/reviewPage';
import type { RenderContext, Translator } from './context';
import { button, el, icon, setHtml } from './dom';
import { renderChoices, renderFeedback } from './question';

/** What the screen reader hears when the result appears. */
export function summaryAnnouncement(summary: SummaryView, t: Translator): string {
  if (summary.kind) return `${t('resultScore', summary.percent, summary.earned, summary.possible)} ${t('practiceNote')}`;
  const verdict = summary.passed ? t('passed', summary.passingScore) : t('failed', summary.passingScore);
  return `${t('resultScore', summary.percent, summary.earned, summary.possible)} ${verdict}`;
}

/**
 * One question of the review. A question that changed or left the module after the attempt
 * shows only its prompt (if it still has one) and the points that counted.
 */
export function renderReviewItem(item: ReviewItem, index: number, ctx: RenderContext): HTMLElement {
  const { t } = ctx;
  const entry = el('li', { className: 'review-item' });
  const name = `r${index}`;
  const prompt = el('div', { className: 'prompt', id: `${name}-prompt` });
  setHtml(prompt, item.promptHtml);
  if (item.changed) {
    const { earned, points, removed } = item.changed;
    if (item.promptHtml) entry.append(prompt);
    entry.append(el('p', { className: 'hint review-changed', text: removed ? t('reviewRemoved', earned, points) : t('reviewChanged', earned, points) }));
    return entry;
  }
  entry.append(prompt, renderChoices(item.choices, item.multiple, name, item.feedback, [], t));
  if (item.feedback) entry.append(renderFeedback(item.feedback, item.choices, name, false, ctx));
  else entry.append(el('p', { className: 'hint', text: t('notAnswered') }));
  return entry;
}

export function renderSummary(summary: SummaryView, ctx: RenderContext): HTMLElement[] {
  const { t, send } = ctx;
  const title = summary.kind === 'practice' ? t('practiceTitle') : summary.kind === 'review' ? t('reviewTitle') : t('resultTitle');
  const heading = el('h2', { id: 'quiz-heading', text: title, attrs: { tabindex: '-1' } });
  const score = el('p', { className: 'score', text: t('resultScore', summary.percent, summary.earned, summary.possible) });
  const verdict = el(
    'p',
    { className: `verdict ${summary.passed ? 'passed' : 'failed'}` },
    icon(summary.passed ? 'pass-filled' : 'error'),
    ' ',
    summary.passed ? t('passed', summary.passingScore) : t('failed', summary.passingScore),
  );
  // A practice or review attempt has no pass mark: it says it left the scores alone instead.
  if (summary.kind) verdict.replaceChildren(icon('info'), ' ', t('practiceNote'));
  if (summary.kind) verdict.className = 'verdict practice';
  const actions = el('div', { className: 'actions' });
  if (summary.mistakes) {
    actions.append(button(t('retryMistakes', summary.mistakes), () => send({ type: 'retry' }), { primary: true, icon: 'refresh', id: 'retry-mistakes', once: true }));
  }
  actions.append(
    button(t('retake'), () => send({ type: 'restart' }), { primary: !summary.mistakes, icon: 'debug-restart', id: 'retake-quiz', once: true }),
    button(t('showScores'), () => send({ type: 'showScores' }), { icon: 'graph' }),
  );
  const review = el('ol', { className: 'review' });
  summary.review.forEach((item, index) => review.append(renderReviewItem(item, index, ctx)));
  return [heading, score, verdict, actions, el('h3', { text: t('review') }), review];
}

/** The end of a review session: how it went, and when the next question comes back. */
export function renderReviewDone(state: ReviewDoneView, ctx: RenderContext): HTMLElement[] {
  const { t, send } = ctx;
  const heading = el('h2', { id: 'quiz-heading', text: t('reviewDoneTitle'), attrs: { tabindex: '-1' } });
  const count = el('p', { className: 'score', id: 'review-count', text: state.answered > 0 ? t('reviewDoneCount', state.answered, state.correct) : t('reviewNothingDue') });
  const next = el('p', { className: 'next-due', id: 'next-due' }, icon('calendar'), ' ', state.nextDue ? t('reviewNextDue', state.nextDue) : t('reviewNoneScheduled'));
  const actions = el(
    'div',
    { className: 'actions' },
    button(t('reviewAgain'), () => send({ type: 'start' }), { icon: 'refresh', id: 'review-again', once: true }),
    button(t('showScores'), () => send({ type: 'showScores' }), { icon: 'graph' }),
  );
  return [heading, count, next, actions];
}

export function reviewDoneAnnouncement(state: ReviewDoneView, t: Translator): string {
  const count = state.answered > 0 ? t('reviewDoneCount', state.answered, state.correct) : t('reviewNothingDue');
  return `${count} ${state.nextDue ? t('reviewNextDue', state.nextDue) : t('reviewNoneScheduled')}`;
}
