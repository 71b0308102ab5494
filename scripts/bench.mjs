// Prints how long the extension's pure work takes on the bundled module and on large inputs:
// validating a module file and rendering an article to HTML. Figures, not limits: compare runs
// on the same machine. Uses the compiled sources in out/ (`npm run bench` compiles them first).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = async (file) => import(pathToFileURL(join(root, 'out', 'src', 'core', file)).href);
const { validateModuleText } = await load('validateModule.js');
const { MarkdownRenderer } = await load('markdown.js');
const { step, CURRENT } = await load('session.js');
const { emptyProgress, archiveOldAttempts } = await load('progressRecord.js');
const { choiceKeys } = await load('choiceKeys.js');
const { QuizViewBuilder } = await import(pathToFileURL(join(root, 'out', 'src', 'protocol', 'quizViews.js')).href);

const moduleText = readFileSync(join(root, 'quizzes', 'tokayev-beijing-2019.quiz.json'), 'utf8');
const article = readFileSync(join(root, 'quizzes', 'tokayev-beijing-2019.md'), 'utf8');
const bundled = JSON.parse(moduleText);

// A large module: the bundled questions repeated to 520, with fresh ids.
const largeModule = JSON.stringify(
  {
    ...bundled,
    questions: Array.from({ length: 20 }, (_, round) => bundled.questions.map((q) => ({ ...q, id: `${q.id}-${round}`, section: undefined }))).flat(),
  },
  null,
  2,
);
// A large article: the bundled one fifty times over.
const largeArticle = Array.from({ length: 50 }, () => article).join('\n\n');

function measure(name, bytes, run) {
  for (let i = 0; i < 5; i++) run(); // warm up
  const times = [];
  const deadline = performance.now() + 1500;
  while (times.length < 10 || (performance.now() < deadline && times.length < 500)) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
  console.log(`${name.padEnd(44)} ${(bytes / 1024).toFixed(1).padStart(7)} KiB  median ${at(0.5).padStart(7)} ms  p95 ${at(0.95).padStart(7)} ms  (${times.length} runs)`);
}

console.log(`Node ${process.version}`);
measure('validate the bundled module', moduleText.length, () => {
  if (!validateModuleText(moduleText, 'm.quiz.json').module) throw new Error('the bundled module must be valid');
});
measure('validate a 520-question module', largeModule.length, () => {
  if (!validateModuleText(largeModule, 'm.quiz.json').module) throw new Error('the large module must be valid');
});
measure('render the bundled article', article.length, () => new MarkdownRenderer().renderArticle(article));
measure('render a 50x article', largeArticle.length, () => new MarkdownRenderer().renderArticle(largeArticle));

// ---- Answering a question: the extension host's work per answer -----------------------------------
// Before the session model, every answer rendered the whole article again; now the article is
// rendered once per module version and an answer is a session step plus the view of one question.
const bundledModule = validateModuleText(moduleText, 'm.quiz.json').module;
const megabyteArticle = Array.from({ length: Math.ceil((1024 * 1024) / article.length) }, () => article).join('\n\n');
const context = { now: () => new Date(), random: Math.random, newId: () => globalThis.crypto.randomUUID() };
const renderer = new MarkdownRenderer();
const rendered = renderer.renderArticle(megabyteArticle);
const headingTable = new Map(rendered.headings.map((h) => [h.id, { anchor: h.anchor, text: h.text }]));
const builder = new QuizViewBuilder(bundledModule, renderer, headingTable);
const begun = step({ record: emptyProgress(bundledModule.id), screen: CURRENT }, bundledModule, { type: 'begin' }, context);

/** One answer to the question on screen, and the view the webview is sent. */
function answerOnce() {
  const view = begun.view;
  const keys = choiceKeys(view.question);
  const picks = [keys[view.question.choices.findIndex((c) => c.correct)]];
  const result = step(begun.state, bundledModule, { type: 'answer', attemptId: view.attempt.id, questionId: view.question.id, picks }, context);
  return JSON.stringify(builder.quizState(result.view));
}
measure('answer, as before: re-render a 1 MB article', megabyteArticle.length, () => {
  new MarkdownRenderer().renderArticle(megabyteArticle);
  answerOnce();
});
measure('answer, now: session step + view (1 MB article)', megabyteArticle.length, answerOnce);

// ---- Saved scores: how big records grow -----------------------------------------------------------
function finishedRecord(module, attempts, archive = false) {
  let state = { record: emptyProgress(module.id), screen: CURRENT };
  let archivedBytes = 0;
  for (let n = 0; n < attempts; n++) {
    let result = step(state, module, { type: 'retake' }, context);
    while (result.view.phase === 'question') {
      const view = result.view;
      const keys = choiceKeys(view.question);
      const picks = view.question.choices.flatMap((c, i) => (c.correct ? [keys[i]] : []));
      result = step(result.state, module, { type: 'answer', attemptId: view.attempt.id, questionId: view.question.id, picks }, context);
      if (result.view.phase === 'question' && result.view.answer) result = step(result.state, module, { type: 'next', attemptId: view.attempt.id }, context);
    }
    state = result.state;
    if (archive) {
      // What ProgressStore does on every save: older finished attempts go to history files.
      const { record, moved } = archiveOldAttempts(state.record);
      if (moved.length > 0) archivedBytes += JSON.stringify({ version: 1, moduleId: module.id, attempts: moved }).length;
      state = { ...state, record };
    }
  }
  return { record: state.record, archivedBytes };
}
const row = (name, bytes, note = '') => console.log(`${name.padEnd(44)} ${(bytes / 1024).toFixed(1).padStart(7)} KiB${note}`);
const largeModuleValue = validateModuleText(largeModule, 'm.quiz.json').module;
row('stored: 1 finished attempt, 520 questions', JSON.stringify(finishedRecord(largeModuleValue, 1).record).length, '  (87 KB before)');
const oneBundled = JSON.stringify(finishedRecord(bundledModule, 1).record).length;
row('stored: 1 finished attempt, bundled module', oneBundled);
row('stored: 10,000 attempts without history files', oneBundled * 10_000, '  (estimate: 10,000 x one attempt)');
const started = performance.now();
const long = finishedRecord(bundledModule, 10_000, true);
row('stored: 10,000 attempts, workspaceState', JSON.stringify(long.record).length, '  (VS Code warns above 512 KiB)');
row('stored: 10,000 attempts, history files', long.archivedBytes, `  (${((performance.now() - started) / 1000).toFixed(1)} s to play them)`);
