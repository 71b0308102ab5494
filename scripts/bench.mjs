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
