/**
 * The module preview page, for authors: the article as learners read it, then every question with
 * its answer key, choice feedback and explanation, drawn by the module page's own renderers (and
 * sanitized by the same DOMPurify pass). It follows what the host sends as the author types; while
 * the file has errors the host keeps sending the last good version and the banner says why.
 */
import { formatString } from '../core/util/translate';
import type { FromPreviewMessage, PreviewContent, PreviewPageData, PreviewQuestion, PreviewStatus, PreviewStrings, ToPreviewMessage } from '../protocol/preview';
import type { FeedbackView } from '../protocol/views';
import { makeTranslator } from './context';
import { el, icon, readInitialData, setHtml } from './dom';
import { attachLinks } from './links';
import { renderChoices } from './question';

interface VsCodeApi {
  postMessage(message: FromPreviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const initial = readInitialData<PreviewPageData>();
const t = makeTranslator(initial.strings);
const p = (key: keyof PreviewStrings, ...args: Array<string | number>) => formatString(initial.preview[key], ...args);

// eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the host's page shell always has #app (host/webview/webviewHtml.ts)
const app = document.getElementById('app')!;
const title = el('h1', { id: 'module-title' });
const badge = el('span', { className: 'preview-badge', id: 'preview-badge' }, icon('open-preview'), ` ${p('badge')}`);
const description = el('p', { className: 'description' });
const banner = el('div', { className: 'notice preview-banner', id: 'preview-banner', attrs: { role: 'alert' } });
banner.hidden = true;
const statusLine = el('p', { className: 'hint preview-status', id: 'preview-status', attrs: { role: 'status' } });
const articleBody = el('article', { className: 'markdown-body', id: 'article' });
const questionsList = el('ol', { className: 'review preview-questions', id: 'preview-questions' });
const questionsHint = el('p', { className: 'hint', id: 'preview-key-hint', text: p('answerKeyHint') });
const shuffledHint = el('p', { className: 'hint', id: 'preview-shuffled', text: p('shuffled') });
const questionsSection = el(
  'section',
  { id: 'preview-key', attrs: { 'aria-labelledby': 'preview-key-heading' } },
  el('h2', { id: 'preview-key-heading', text: p('answerKey') }),
  questionsHint,
  shuffledHint,
  questionsList,
);
app.append(
  el('header', { className: 'module-header' }, el('div', { className: 'preview-title' }, title, badge), description, statusLine),
  el('main', { id: 'main' }, banner, articleBody, questionsSection),
);

let shownVersion = -1;

/** The choice's text without its markup, for "Feedback for …". */
function plainText(html: string): string {
  const span = el('span');
  setHtml(span, html);
  return span.textContent ?? '';
}

function renderQuestion(question: PreviewQuestion, index: number): HTMLElement {
  const name = `p${index}`;
  const item = el('li', { className: 'review-item preview-question', attrs: { 'data-question': question.id } });
  const meta = el('p', { className: 'hint' }, question.points === 1 ? t('onePoint') : t('points', question.points), ' · ', question.multiple ? t('chooseAll') : t('chooseOne'));
  const prompt = el('div', { className: 'prompt', id: `${name}-prompt` });
  setHtml(prompt, question.promptHtml);
  // The answer key, drawn as the learner's page draws a right answer: nothing picked, the correct
  // choices marked.
  const key: FeedbackView = {
    correct: true,
    earned: question.points,
    points: question.points,
    picks: [],
    correctChoices: question.correctChoices,
    choiceFeedback: [],
  };
  item.append(meta, prompt, renderChoices(question.choices, question.multiple, name, key, [], t));
  const box = el('div', { className: 'feedback preview-feedback' });
  for (const feedback of question.choiceFeedback) {
    const choice = question.choices.find((c) => c.id === feedback.choiceId);
    const body = el('div');
    setHtml(body, feedback.html);
    box.append(el('div', { className: 'choice-feedback' }, el('strong', { text: p('choiceFeedback', plainText(choice?.html ?? '')) }), body));
  }
  if (question.explanationHtml) {
    const body = el('div');
    setHtml(body, question.explanationHtml);
    box.append(el('div', { className: 'explanation' }, el('h3', { text: t('explanation') }), body));
  }
  const section = question.section;
  if (section) {
    const link = el('a', { text: section.title, attrs: { href: `#${section.id}` } });
    box.append(el('p', {}, icon('book'), ` ${p('sectionLabel', '')}`, link));
  }
  if (box.childElementCount > 0) item.append(box);
  return item;
}

function renderContent(content: PreviewContent): void {
  if (content.version === shownVersion) return;
  shownVersion = content.version;
  const view = content.module;
  document.title = view.title;
  title.textContent = view.title;
  description.textContent = view.description ?? '';
  description.hidden = !view.description;
  if (view.articleHtml !== undefined) setHtml(articleBody, view.articleHtml);
  else articleBody.replaceChildren(el('p', { className: 'empty', text: t('noArticle') }));
  shuffledHint.hidden = !content.shuffleChoices;
  questionsList.replaceChildren(...content.questions.map((q, i) => renderQuestion(q, i)));
  if (content.questions.length === 0) questionsList.replaceChildren(el('li', { className: 'empty', text: p('noQuestions') }));
  questionsSection.hidden = false;
}

function renderStatus(status: PreviewStatus, hasContent: boolean): void {
  if (status.errors > 0) {
    const first = status.firstError;
    banner.replaceChildren(
      icon('warning'),
      ' ',
      el('strong', { text: hasContent ? p('staleBanner', status.file, status.errors) : p('noContent', status.file, status.errors) }),
      ...(first ? [' ', el('span', { id: 'preview-first-problem', text: p('firstProblem', first.line, first.column, first.message) })] : []),
    );
    banner.hidden = false;
    document.body.classList.add('preview-stale');
  } else {
    banner.hidden = true;
    banner.replaceChildren();
    document.body.classList.remove('preview-stale');
  }
  statusLine.textContent = status.warnings === 0 ? (status.errors === 0 ? p('ok') : '') : status.warnings === 1 ? p('oneWarning') : p('warnings', status.warnings);
  if (!hasContent) {
    title.textContent = status.file;
    questionsSection.hidden = true;
  }
}

attachLinks(document, {
  article: articleBody,
  showArticle: () => undefined,
  open: (href) => vscode.postMessage({ type: 'openLink', href }),
});
// The "Section:" links of the questions point into the article: attachLinks scrolls there.

window.addEventListener('message', (event: MessageEvent<ToPreviewMessage>) => {
  const message = event.data;
  if (!message || typeof message !== 'object' || message.type !== 'preview') return;
  if (message.content) renderContent(message.content);
  renderStatus(message.status, message.content !== undefined);
});

questionsSection.hidden = true;
vscode.postMessage({ type: 'ready' });
