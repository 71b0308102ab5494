/**
 * The module webview: shows the article and the quiz the host sends, and sends back what the
 * user does. It never grades: it learns whether an answer was right only from the host's reply.
 */
import DOMPurify from 'dompurify';
import type {
  ChoiceView,
  FeedbackView,
  FromWebviewMessage,
  ModuleView,
  QuizState,
  ToWebviewMessage,
  WebviewPersistedState,
} from '../protocol/messages';
import { formatString, type WebviewStringKey, type WebviewStrings } from '../protocol/webviewStrings';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): unknown;
  setState(state: WebviewPersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface InitialData {
  moduleId: string;
  view: 'article' | 'quiz';
  strings: WebviewStrings;
}

const vscode = acquireVsCodeApi();
const initial = JSON.parse(decodeURIComponent(document.body.dataset['initial'] ?? '')) as InitialData;
const strings = initial.strings;
const saved = vscode.getState() as Partial<WebviewPersistedState> | undefined;
let persisted: WebviewPersistedState = {
  moduleId: initial.moduleId,
  view: saved?.moduleId === initial.moduleId && (saved.view === 'quiz' || saved.view === 'article') ? saved.view : initial.view,
  scrollY: saved?.moduleId === initial.moduleId && typeof saved.scrollY === 'number' ? saved.scrollY : 0,
};

function t(key: WebviewStringKey, ...args: Array<string | number>): string {
  return formatString(strings[key], ...args);
}

/** "Correct.", "Partly correct." or "Incorrect." */
function verdictText(feedback: FeedbackView): string {
  return feedback.correct ? t('correct') : feedback.earned > 0 ? t('partlyCorrect') : t('incorrect');
}

/** "2 of 3 points." or, for a one-point question, "1 of 1 point." */
function earnedText(feedback: FeedbackView): string {
  return feedback.points === 1 ? t('earnedOfOne', feedback.earned) : t('earned', feedback.earned, feedback.points);
}

/** Host HTML is built safe; it is sanitized again here before it touches the page. */
function setHtml(element: Element, html: string): void {
  element.innerHTML = DOMPurify.sanitize(html, {
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
    FORBID_TAGS: ['style', 'form', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'link', 'meta', 'base'],
    FORBID_ATTR: ['style'],
  });
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; id?: string; attrs?: Record<string, string> } = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.id) node.id = props.id;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function icon(name: string): HTMLElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

function button(label: string, onClick: () => void, options: { primary?: boolean; icon?: string; id?: string } = {}): HTMLButtonElement {
  const node = el('button', { className: options.primary ? 'button primary' : 'button secondary', attrs: { type: 'button' } });
  if (options.id) node.id = options.id;
  if (options.icon) node.append(icon(options.icon), ' ');
  node.append(label);
  node.addEventListener('click', onClick);
  return node;
}

function send(message: FromWebviewMessage): void {
  vscode.postMessage(message);
}

// ---- Page skeleton -------------------------------------------------------------------------

const app = document.getElementById('app')!;
const title = el('h1', { id: 'module-title' });
const description = el('p', { className: 'description' });
const tabArticle = el('button', { id: 'tab-article', text: t('article'), attrs: { role: 'tab', type: 'button', 'aria-controls': 'view-article' } });
const tabQuiz = el('button', { id: 'tab-quiz', text: t('quiz'), attrs: { role: 'tab', type: 'button', 'aria-controls': 'view-quiz' } });
tabArticle.prepend(icon('book'), ' ');
tabQuiz.prepend(icon('checklist'), ' ');
const tabs = el('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': t('tabs') } }, tabArticle, tabQuiz);
const articleBody = el('article', { className: 'markdown-body', id: 'article' });
const articleEnd = el('div', { className: 'article-end' }, button(t('toQuiz'), () => showView('quiz', true), { primary: true, icon: 'arrow-right' }));
const articleView = el('section', { id: 'view-article', attrs: { role: 'tabpanel', 'aria-labelledby': 'tab-article', tabindex: '-1' } }, articleBody, articleEnd);
const quizRoot = el('div', { id: 'quiz' });
const quizView = el('section', { id: 'view-quiz', attrs: { role: 'tabpanel', 'aria-labelledby': 'tab-quiz' } }, quizRoot);
const backBar = el('div', { className: 'back-bar', id: 'back-bar' }, button(t('backToQuestion'), () => backToQuestion(), { icon: 'arrow-left', primary: true }));
backBar.hidden = true;
const announcer = el('div', { className: 'visually-hidden', id: 'announcer', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } });
const alertBox = el('div', { className: 'notice', id: 'notice', attrs: { role: 'alert' } });
alertBox.hidden = true;
app.append(el('header', { className: 'module-header' }, title, description, tabs), alertBox, articleView, quizView, backBar, announcer);

let module: ModuleView | undefined;
let quiz: QuizState | undefined;
let scrollRestored = false;

function announce(message: string): void {
  // Clearing first makes screen readers repeat a message that happens to be the same as before.
  announcer.textContent = '';
  window.setTimeout(() => {
    announcer.textContent = message;
  }, 50);
}

function savePersisted(change: Partial<WebviewPersistedState>): void {
  persisted = { ...persisted, ...change };
  vscode.setState(persisted);
}

function showView(view: 'article' | 'quiz', focus: boolean): void {
  const isArticle = view === 'article';
  articleView.hidden = !isArticle;
  quizView.hidden = isArticle;
  tabArticle.setAttribute('aria-selected', String(isArticle));
  tabQuiz.setAttribute('aria-selected', String(!isArticle));
  tabArticle.tabIndex = isArticle ? 0 : -1;
  tabQuiz.tabIndex = isArticle ? -1 : 0;
  if (!isArticle) backBar.hidden = true;
  savePersisted({ view });
  if (focus) {
    if (isArticle) tabArticle.focus();
    else focusQuiz();
  }
}

tabArticle.addEventListener('click', () => showView('article', false));
tabQuiz.addEventListener('click', () => showView('quiz', false));
tabs.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'Home' && event.key !== 'End') return;
  event.preventDefault();
  const toArticle = document.activeElement === tabQuiz ? event.key !== 'ArrowRight' && event.key !== 'End' : event.key === 'Home';
  showView(toArticle ? 'article' : 'quiz', false);
  (toArticle ? tabArticle : tabQuiz).focus();
});

let scrollTimer: number | undefined;
window.addEventListener('scroll', () => {
  window.clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(() => {
    if (persisted.view === 'article') savePersisted({ scrollY: Math.round(window.scrollY) });
  }, 150);
});

// ---- Article ---------------------------------------------------------------------------------

function renderModule(view: ModuleView): void {
  module = view;
  document.title = view.title;
  title.textContent = view.title;
  description.textContent = view.description ?? '';
  description.hidden = !view.description;
  if (view.articleHtml !== undefined) {
    setHtml(articleBody, view.articleHtml);
    tabArticle.hidden = false;
  } else {
    articleBody.replaceChildren(el('p', { className: 'empty', text: t('noArticle') }));
  }
  alertBox.hidden = true;
  if (!scrollRestored) {
    scrollRestored = true;
    showView(view.articleHtml === undefined ? 'quiz' : persisted.view, false);
    if (persisted.view === 'article' && persisted.scrollY > 0) window.scrollTo(0, persisted.scrollY);
  }
}

/** Shows an article heading (after a wrong answer) with a way back to the question. */
function rereadSection(sectionId: string): void {
  const heading = document.getElementById(sectionId);
  if (!heading || !articleBody.contains(heading)) return;
  showView('article', false);
  backBar.hidden = false;
  heading.tabIndex = -1;
  heading.scrollIntoView({ block: 'start' });
  heading.focus({ preventScroll: true });
}

function backToQuestion(): void {
  showView('quiz', false);
  const feedback = document.getElementById('feedback-status') ?? document.getElementById('question-prompt');
  feedback?.focus();
}

// ---- Quiz --------------------------------------------------------------------------------------

function focusQuiz(): void {
  const target =
    document.getElementById('feedback-status') ??
    document.getElementById('question-prompt') ??
    document.getElementById('quiz-heading');
  target?.focus();
}

function renderQuiz(state: QuizState, focus: boolean): void {
  const previous = quiz;
  quiz = state;
  switch (state.phase) {
    case 'intro':
      renderIntro(state);
      break;
    case 'question':
      renderQuestion(state, previous);
      break;
    case 'summary':
      renderSummary(state.summary);
      break;
  }
  if (focus && !quizView.hidden) focusQuiz();
}

function renderIntro(state: Extract<QuizState, { phase: 'intro' }>): void {
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
    actions.append(button(t('resume', state.resumeAnswered), () => send({ type: 'start' }), { primary: true, icon: 'debug-continue', id: 'start-quiz' }));
    actions.append(button(t('restart'), () => send({ type: 'restart' }), { icon: 'debug-restart' }));
  } else {
    actions.append(button(t('start'), () => send({ type: 'start' }), { primary: true, icon: 'play', id: 'start-quiz' }));
  }
  if (state.attempts > 0) actions.append(button(t('reviewLast'), () => send({ type: 'review' }), { icon: 'history' }));
  actions.append(button(t('showScores'), () => send({ type: 'showScores' }), { icon: 'graph' }));
  facts.append(el('p', { className: 'hint', text: t('keyboardHint') }));
  quizRoot.replaceChildren(heading, facts, actions);
}

function pickedChoices(): number[] {
  return [...quizRoot.querySelectorAll<HTMLInputElement>('input[data-choice]')]
    .filter((input) => input.checked)
    .map((input) => Number(input.dataset['choice']));
}

function renderChoices(
  choices: readonly ChoiceView[],
  multiple: boolean,
  name: string,
  feedback: FeedbackView | undefined,
  keepPicks: readonly number[],
): HTMLElement {
  const list = el('div', { className: 'choices', attrs: { role: multiple ? 'group' : 'radiogroup', 'aria-labelledby': `${name}-prompt` } });
  choices.forEach((choice, position) => {
    const inputId = `${name}-choice-${position}`;
    const input = el('input', { id: inputId, attrs: { type: multiple ? 'checkbox' : 'radio', name } });
    input.dataset['choice'] = String(choice.id);
    input.dataset['key'] = String((position + 1) % 10);
    const label = el('label', { attrs: { for: inputId } });
    const key = el('span', { className: 'key', text: String((position + 1) % 10), attrs: { 'aria-hidden': 'true' } });
    const text = el('span', { className: 'choice-text' });
    setHtml(text, choice.html);
    label.append(key, text);
    const row = el('div', { className: 'choice' }, input, label);
    if (feedback) {
      input.disabled = true;
      const picked = feedback.picks.includes(choice.id);
      const right = feedback.correctChoices.includes(choice.id);
      input.checked = picked;
      if (picked) row.classList.add('picked');
      if (right) row.classList.add('right');
      if (picked && !right) row.classList.add('wrong');
      const marks = el('span', { className: 'marks' });
      if (right) marks.append(el('span', { className: 'mark right' }, icon('check'), ` ${t('rightChoice')}`));
      if (picked) marks.append(el('span', { className: right ? 'mark picked' : 'mark wrong' }, icon(right ? 'circle-filled' : 'close'), ` ${t('yourPick')}`));
      label.append(marks);
    } else if (keepPicks.includes(choice.id)) {
      input.checked = true;
    }
    list.append(row);
  });
  return list;
}

function renderFeedback(feedback: FeedbackView, choices: readonly ChoiceView[], idPrefix: string, standalone: boolean): HTMLElement {
  const box = el('div', { className: `feedback ${feedback.correct ? 'is-right' : feedback.earned > 0 ? 'is-partial' : 'is-wrong'}` });
  const status = el(
    'p',
    { className: 'status', attrs: standalone ? { id: 'feedback-status', tabindex: '-1' } : {} },
    icon(feedback.correct ? 'pass' : feedback.earned > 0 ? 'circle-large-outline' : 'error'),
    ' ',
    el('strong', { text: verdictText(feedback) }),
    ' ',
    earnedText(feedback),
  );
  box.append(status);
  if (!feedback.correct) {
    const right = choices.filter((c) => feedback.correctChoices.includes(c.id));
    const list = el('ul', { className: 'correct-list' });
    for (const choice of right) {
      const item = el('li');
      setHtml(item, choice.html);
      list.append(item);
    }
    box.append(el('p', { text: right.length > 1 ? t('correctAnswersWere') : t('correctAnswerWas') }), list);
  }
  for (const item of feedback.choiceFeedback) {
    const text = el('div', { className: 'choice-feedback' });
    setHtml(text, item.html);
    box.append(text);
  }
  if (feedback.explanationHtml) {
    const explanation = el('div', { className: 'explanation' });
    explanation.append(el('h3', { id: `${idPrefix}-explanation`, text: t('explanation') }));
    const body = el('div');
    setHtml(body, feedback.explanationHtml);
    explanation.append(body);
    box.append(explanation);
  }
  if (feedback.section) {
    const section = feedback.section;
    box.append(el('p', {}, button(t('reread', section.title), () => rereadSection(section.id), { icon: 'book' })));
  }
  return box;
}

function renderQuestion(state: Extract<QuizState, { phase: 'question' }>, previous: QuizState | undefined): void {
  const { question, feedback } = state;
  const samePending =
    previous?.phase === 'question' && previous.question.id === question.id && !previous.feedback && !feedback;
  const keep = samePending ? pickedChoices() : [];
  const name = 'question';
  const progress = el('p', { className: 'progress', id: 'quiz-heading', attrs: { tabindex: '-1' } }, t('questionOf', state.index + 1, state.total));
  if (question.points !== 1) progress.append(` · ${t('points', question.points)}`);
  else progress.append(` · ${t('onePoint')}`);
  const meter = el('progress', { attrs: { max: String(state.total), value: String(state.index + (feedback ? 1 : 0)), 'aria-hidden': 'true' } });
  const prompt = el('div', { className: 'prompt', id: `${name}-prompt`, attrs: { tabindex: '-1' } });
  setHtml(prompt, question.promptHtml);
  const hint = el('p', { className: 'hint', id: 'choice-hint', text: question.multiple ? t('chooseAll') : t('chooseOne') });
  const choices = renderChoices(question.choices, question.multiple, name, feedback, keep);
  choices.setAttribute('aria-describedby', 'choice-hint');
  const actions = el('div', { className: 'actions' });
  const parts: HTMLElement[] = [progress, meter, prompt, hint, choices];
  if (feedback) {
    parts.push(renderFeedback(feedback, question.choices, name, true));
    const last = state.index + 1 >= state.total;
    actions.append(
      button(last ? t('seeResults') : t('next'), () => send({ type: 'next', attemptId: state.attemptId }), {
        primary: true,
        icon: last ? 'checklist' : 'arrow-right',
        id: 'next-question',
      }),
    );
  } else {
    const exam = module?.feedbackTiming === 'end';
    const check = button(exam ? t('submit') : t('check'), () => checkAnswer(), { primary: true, icon: exam ? 'save' : 'check', id: 'check-answer' });
    actions.append(check);
  }
  parts.push(actions);
  quizRoot.replaceChildren(...parts);
  if (feedback) {
    announce(`${verdictText(feedback)} ${earnedText(feedback)}`);
  } else if (previous?.phase === 'question' && previous.question.id !== question.id && module?.feedbackTiming === 'end') {
    announce(`${t('answerSaved')} ${t('questionOf', state.index + 1, state.total)}`);
  }
}

function checkAnswer(): void {
  if (quiz?.phase !== 'question' || quiz.feedback) return;
  const picks = pickedChoices();
  if (picks.length === 0) {
    announce(t('pickFirst'));
    quizRoot.querySelector<HTMLInputElement>('input[data-choice]')?.focus();
    return;
  }
  const check = document.getElementById('check-answer') as HTMLButtonElement | null;
  if (check) check.disabled = true;
  pendingFocus = true;
  send({ type: 'answer', attemptId: quiz.attemptId, questionId: quiz.question.id, picks });
}

function renderSummary(summary: Extract<QuizState, { phase: 'summary' }>['summary']): void {
  const heading = el('h2', { id: 'quiz-heading', text: t('resultTitle'), attrs: { tabindex: '-1' } });
  const score = el('p', { className: 'score', text: t('resultScore', summary.percent, summary.earned, summary.possible) });
  const verdict = el(
    'p',
    { className: `verdict ${summary.passed ? 'passed' : 'failed'}` },
    icon(summary.passed ? 'pass-filled' : 'error'),
    ' ',
    summary.passed ? t('passed', summary.passingScore) : t('failed', summary.passingScore),
  );
  const actions = el(
    'div',
    { className: 'actions' },
    button(t('retake'), () => send({ type: 'restart' }), { primary: true, icon: 'debug-restart', id: 'retake-quiz' }),
    button(t('showScores'), () => send({ type: 'showScores' }), { icon: 'graph' }),
  );
  const review = el('ol', { className: 'review' });
  summary.review.forEach((item, index) => {
    const entry = el('li', { className: 'review-item' });
    const prompt = el('div', { className: 'prompt', id: `r${index}-prompt` });
    setHtml(prompt, item.promptHtml);
    entry.append(prompt, renderChoices(item.choices, item.multiple, `r${index}`, item.feedback, []));
    if (item.feedback) entry.append(renderFeedback(item.feedback, item.choices, `r${index}`, false));
    else entry.append(el('p', { className: 'hint', text: t('notAnswered') }));
    review.append(entry);
  });
  quizRoot.replaceChildren(heading, score, verdict, actions, el('h3', { text: t('review') }), review);
  announce(`${t('resultScore', summary.percent, summary.earned, summary.possible)} ${summary.passed ? t('passed', summary.passingScore) : t('failed', summary.passingScore)}`);
}

// ---- Keyboard ----------------------------------------------------------------------------------

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'Escape' && !backBar.hidden) {
    event.preventDefault();
    backToQuestion();
    return;
  }
  if (quizView.hidden || quiz?.phase !== 'question') return;
  const target = event.target as HTMLElement | null;
  if (/^[0-9]$/.test(event.key) && !quiz.feedback) {
    const input = quizRoot.querySelector<HTMLInputElement>(`input[data-key="${event.key}"]`);
    if (!input || input.disabled) return;
    event.preventDefault();
    if (input.type === 'checkbox') input.checked = !input.checked;
    else input.checked = true;
    input.focus();
    return;
  }
  if (event.key === 'Enter' && !(target instanceof HTMLButtonElement) && !(target instanceof HTMLAnchorElement)) {
    event.preventDefault();
    if (quiz.feedback) send({ type: 'next', attemptId: quiz.attemptId });
    else checkAnswer();
  }
});

// ---- Messages from the host --------------------------------------------------------------------

let pendingFocus = false;

window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  switch (message.type) {
    case 'module':
      renderModule(message.module);
      break;
    case 'quiz': {
      const focus = pendingFocus || quiz !== undefined;
      pendingFocus = false;
      renderQuiz(message.quiz, focus);
      break;
    }
    case 'show':
      showView(message.view, true);
      break;
    case 'unavailable':
      title.textContent = t('unavailable');
      alertBox.textContent = message.message;
      alertBox.hidden = false;
      articleBody.replaceChildren();
      quizRoot.replaceChildren();
      break;
    case 'error':
      alertBox.textContent = message.message;
      alertBox.hidden = false;
      document.querySelectorAll<HTMLButtonElement>('button:disabled').forEach((b) => (b.disabled = false));
      break;
  }
});

showView(persisted.view, false);
send({ type: 'ready' });
