/**
 * The module page and the review page: shows the article and the quiz the host sends, and sends
 * back what the user does. It never grades: it learns whether an answer was right only from the
 * host's reply. Both pages draw the quiz alike; each speaks its own protocol (`modulePage.ts`,
 * `reviewPage.ts`), and the data the page is built with says which page it is.
 *
 * This file is the entry point: it alone talks to the VS Code webview API. It builds the page
 * skeleton (header, tabs, article, quiz area), keeps the saved view state, and routes the host's
 * messages; the quiz itself is drawn by `QuizController` and the renderers it uses.
 */
import type { ModulePageData, ToModulePageMessage, WebviewPersistedState } from '../protocol/modulePage';
import type { ReviewPageData, ReviewSessionView, ToReviewPageMessage } from '../protocol/reviewPage';
import type { ModuleView } from '../protocol/views';
import { makeTranslator, type QuizPageMessage } from './context';
import { addCopyButtons } from './copyCode';
import { button, el, icon, readInitialData } from './dom';
import { HeldImages } from './HeldImages';
import { attachKeyboard } from './keyboard';
import { attachLinks } from './links';
import { QuizController } from './quiz';
import { markPageLoaded } from './pageLoaded';

interface VsCodeApi {
  postMessage(message: QuizPageMessage): void;
  getState(): unknown;
  setState(state: WebviewPersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const initial = readInitialData<ModulePageData | ReviewPageData>();
const t = makeTranslator(initial.strings);
/** The module of a module page; the review page has none, and nothing of it is saved for a reload. */
const moduleId = initial.page === 'module' ? initial.moduleId : undefined;
const saved = moduleId !== undefined ? (vscode.getState() as Partial<WebviewPersistedState> | undefined) : undefined;
const sameModule = saved !== undefined && saved.moduleId === moduleId;
let persisted: WebviewPersistedState = {
  moduleId: moduleId ?? '',
  view: sameModule && (saved.view === 'quiz' || saved.view === 'article') ? saved.view : initial.page === 'module' ? initial.view : 'quiz',
  scrollY: sameModule && typeof saved.scrollY === 'number' ? saved.scrollY : 0,
};

function post(message: QuizPageMessage): void {
  vscode.postMessage(message);
}

// ---- Page skeleton -------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the host's page shell always has #app (host/webview/webviewHtml.ts)
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
const articleView = el(
  'section',
  { id: 'view-article', attrs: { role: 'tabpanel', 'aria-labelledby': 'tab-article', tabindex: '-1' } },
  articleBody,
  articleEnd,
);
const quizRoot = el('div', { id: 'quiz' });
const quizView = el('section', { id: 'view-quiz', attrs: { role: 'tabpanel', 'aria-labelledby': 'tab-quiz' } }, quizRoot);
const backBar = el('div', { className: 'back-bar', id: 'back-bar' }, button(t('backToQuestion'), () => backToQuestion(), { icon: 'arrow-left', primary: true }));
backBar.hidden = true;
const announcer = el('div', { className: 'visually-hidden', id: 'announcer', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } });
const alertBox = el('div', { className: 'notice', id: 'notice', attrs: { role: 'alert' } });
alertBox.hidden = true;
// One `main` landmark holds everything below the header (the banner), so no content is outside a
// landmark; the live region sits inside it too.
const mainLandmark = el('main', { id: 'main' }, alertBox, articleView, quizView, backBar, announcer);
app.append(el('header', { className: 'module-header' }, title, description, tabs), mainLandmark);

const quiz = new QuizController({ root: quizRoot, t, post, announce, reread: rereadSection });
let scrollRestored = false;
const heldImages = new HeldImages();

function announce(message: string): void {
  // Clearing first makes screen readers repeat a message that happens to be the same as before.
  announcer.textContent = '';
  window.setTimeout(() => {
    announcer.textContent = message;
  }, 50);
}

function savePersisted(change: Partial<WebviewPersistedState>): void {
  persisted = { ...persisted, ...change };
  if (moduleId !== undefined) vscode.setState(persisted);
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
    else quiz.focus();
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

/** The module drawn last, as JSON: the page is built with it and the host sends it again on "ready". */
let drawnModule: string | undefined;

function renderModule(view: ModuleView): void {
  const drawn = JSON.stringify(view);
  if (drawn === drawnModule) return;
  drawnModule = drawn;
  quiz.setModule(view);
  document.title = view.title;
  title.textContent = view.title;
  description.textContent = view.description ?? '';
  description.hidden = !view.description;
  if (view.articleHtml !== undefined) {
    // Its images load once the page has (HeldImages.ts): VS Code shows the page only then.
    heldImages.setHtml(articleBody, view.articleHtml);
    makeScrollersReachable(articleBody);
    addCopyButtons(articleBody, {
      label: t('copyCode'),
      copied: t('codeCopied'),
      failed: t('codeNotCopied'),
      announce,
      write: (text) => navigator.clipboard.writeText(text),
    });
    tabArticle.hidden = false;
    // After the scroll position is restored below, so the section wins.
    queueMicrotask(showPendingSection);
  } else {
    articleBody.replaceChildren(el('p', { className: 'empty', text: t('noArticle') }));
  }
  alertBox.hidden = true;
  if (!scrollRestored) {
    scrollRestored = true;
    showView(view.articleHtml === undefined ? 'quiz' : persisted.view, false);
    if (persisted.view === 'article' && persisted.scrollY > 0) restoreScroll(persisted.scrollY);
  }
}

/**
 * The saved position, taken again once the article's images have their heights (they load after
 * the page does, so the first scroll finds them empty) and the icons their font (which changes
 * an alert's title line by a pixel or two), unless the learner or a jump to a section has moved
 * the page meanwhile.
 */
let scrollTarget: number | undefined;

function restoreScroll(y: number): void {
  scrollTarget = y;
  window.scrollTo(0, y);
  const moved = () => {
    scrollTarget = undefined;
  };
  for (const type of ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const) window.addEventListener(type, moved, { once: true, passive: true, capture: true });
  // The font is the one media's codicon.css names; asked for here, so its load is waited for.
  const iconFont = imagesSettled.then(() => document.fonts.load('16px codicon')).catch(() => undefined);
  void iconFont.then(() => {
    if (scrollTarget !== undefined) window.scrollTo(0, scrollTarget);
    scrollTarget = undefined;
  });
}

/** The review page: questions gathered from many modules, so no article and no tabs. */
function renderSession(session: ReviewSessionView): void {
  tabs.hidden = true;
  document.title = session.title;
  title.textContent = session.title;
  description.textContent = session.description;
  description.hidden = false;
  alertBox.hidden = true;
  if (!scrollRestored) {
    scrollRestored = true;
    showView('quiz', false);
  }
}

/**
 * Code blocks and tables are the only parts of the page that may scroll sideways (at 320 px or
 * 200% zoom); each becomes focusable so keyboard users can scroll it too (the table keeps its
 * own semantics inside a plain wrapper).
 */
function makeScrollersReachable(root: HTMLElement): void {
  for (const table of root.querySelectorAll('table')) {
    if (table.parentElement?.classList.contains('table-scroll')) continue;
    const wrapper = el('div', { className: 'table-scroll', attrs: { tabindex: '0' } });
    table.replaceWith(wrapper);
    wrapper.append(table);
  }
  for (const pre of root.querySelectorAll('pre')) {
    pre.tabIndex = 0;
  }
}

/**
 * Shows an article heading (after a wrong answer) with a way back to the question. The id comes
 * from the host (`section-…`); only a heading inside the article is followed.
 */
function rereadSection(sectionId: string): void {
  const heading = document.getElementById(sectionId);
  if (!heading || !articleBody.contains(heading)) return;
  scrollTarget = undefined;
  showView('article', false);
  backBar.hidden = false;
  heading.tabIndex = -1;
  heading.scrollIntoView({ block: 'start' });
  heading.focus({ preventScroll: true });
}

/** A heading the host asked to show (from the scores page), kept until the article is there. */
let pendingSection: string | undefined;

function showPendingSection(): void {
  if (pendingSection === undefined) return;
  const heading = document.getElementById(pendingSection);
  if (!heading || !articleBody.contains(heading)) return;
  pendingSection = undefined;
  scrollTarget = undefined;
  showView('article', false);
  heading.tabIndex = -1;
  heading.scrollIntoView({ block: 'start' });
  heading.focus({ preventScroll: true });
}

function backToQuestion(): void {
  showView('quiz', false);
  const target = document.getElementById('feedback-status') ?? document.getElementById('question-prompt');
  target?.focus();
}

attachKeyboard(document, {
  quiz,
  quizShown: () => !quizView.hidden,
  rereading: () => !backBar.hidden,
  backToQuestion,
});

attachLinks(document, {
  article: articleBody,
  showArticle: () => showView('article', false),
  open: (href) => post({ type: 'openLink', href }),
});

// ---- Messages from the host --------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<ToModulePageMessage | ToReviewPageMessage>) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  switch (message.type) {
    case 'module':
      renderModule(message.module);
      break;
    case 'session':
      renderSession(message.session);
      break;
    case 'quiz': {
      // The first state only fills the page; later ones move focus to what is new.
      const first = quiz.state === undefined;
      const isNew = quiz.render(message.quiz);
      if (!first && isNew && !quizView.hidden) quiz.focus();
      break;
    }
    case 'show':
      showView(message.view, true);
      if (message.section !== undefined) {
        pendingSection = message.section;
        showPendingSection();
      }
      break;
    case 'hint':
      quiz.showHint(message.attemptId, message.questionId, message.html);
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
      quiz.hostFailed();
      document.querySelectorAll<HTMLButtonElement>('button:disabled').forEach((b) => (b.disabled = false));
      break;
  }
});

// The icons' font and the article's images are asked for once the page has loaded, so they do
// not hold back VS Code showing the page (host/webview/webviewHtml.ts, ICONS_AFTER_LOAD;
// HeldImages.ts); or after a second, should anything else hold the load event that long.
let settleImages: () => void = () => undefined;
/** Settles once the article's images, given their address at the load event, have loaded or failed. */
const imagesSettled = new Promise<void>((resolve) => (settleImages = resolve));
markPageLoaded(document, window, () => void heldImages.release(articleBody).then(settleImages));

// The article the page was built with shows at once; the host sends the quiz on "ready".
if (initial.page === 'module' && initial.module) renderModule(initial.module);
else showView(persisted.view, false);
// The learner's zone comes from the UI side: the extension host may run on a machine in UTC.
post({ type: 'ready', timeZone: new Intl.DateTimeFormat().resolvedOptions().timeZone });
