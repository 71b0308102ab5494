// `npm run bench`: one table of figures, medians over several runs (the run count is printed).
// Figures, not limits: compare runs on the same machine. Uses the compiled sources in out/ and
// the production bundles in dist/ (`npm run bench` compiles and packages first).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Marked } from 'marked';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = async (...parts) => import(pathToFileURL(join(root, 'out', 'src', ...parts)).href);
const { validateModuleText } = await load('core', 'checks', 'validateModule.js');
const { MarkdownRenderer } = await load('core', 'markdown', 'markdown.js');
const { step, CURRENT } = await load('core', 'session', 'session.js');
const { emptyProgress } = await load('core', 'session', 'progressRecord.js');
const { archiveOldAttempts, summarize } = await load('core', 'session', 'progressSummary.js');
const { questionStats } = await load('core', 'scores', 'analytics.js');
const { choiceKeys } = await load('core', 'module', 'choiceKeys.js');
const { QuizViewBuilder } = await load('host', 'webview', 'quizViews.js');

const moduleText = readFileSync(join(root, 'quizzes', 'tokayev-beijing-2019.quiz.json'), 'utf8');
const article = readFileSync(join(root, 'quizzes', 'tokayev-beijing-2019.md'), 'utf8');
const bundledJson = JSON.parse(moduleText);
const bundledModule = validateModuleText(moduleText, 'm.quiz.json').module;
if (!bundledModule) throw new Error('the bundled module must be valid');

const rows = [];
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
function row(section, what, figure, note = '') {
  rows.push({ section, what, figure, note });
}

/** Median and p95 of `run` in milliseconds, with the number of runs. */
function time(run, budgetMs = 1500) {
  for (let i = 0; i < 3; i++) run();
  const times = [];
  const deadline = performance.now() + budgetMs;
  while (times.length < 7 || (performance.now() < deadline && times.length < 500)) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { median: at(0.5), p95: at(0.95), runs: times.length };
}
const ms = (t) => `${t.median.toFixed(2)} ms (p95 ${t.p95.toFixed(2)}, ${t.runs} runs)`;

// ---- Size ---------------------------------------------------------------------------------------
for (const [what, file, target] of [
  ['extension bundle (Node host)', 'dist/extension.js', 'target ≤ 118 KiB'],
  ['start (dist/start.js: repository, stores, due count, sidebar; loaded right after activation)', 'dist/start.js', 'Node host: not compiled by activation'],
  ['webview script', 'dist/webview/webview.js', 'target ≤ 42 KiB'],
  ['pages, commands and LRS (dist/later.js, loaded on the first command, page or LRS connection)', 'dist/later.js', 'Node host: not in dist/extension.js'],
  ['question bank converters (dist/bankConverters.js, loaded on the first import or export of questions)', 'dist/bankConverters.js', 'Node host: not in dist/extension.js'],
  ['codicons (the icons in use: CSS and woff2 subset)', 'dist/webview/codicons', ''],
  // esbuild.mjs ON_DEMAND_PACKAGES: taken out of dist/extension.js, each required on first use.
  ['packages the Node host loads on first use (dist/marked.js, jsonc.js, fsrs.js, slugger.js)', ['marked', 'jsonc', 'fsrs', 'slugger'].map((f) => `dist/${f}.js`), 'Node host: not in dist/extension.js'],
]) {
  if (Array.isArray(file)) {
    const paths = file.map((f) => join(root, f)).filter((f) => existsSync(f));
    if (paths.length === 0) continue;
    const bytes = Buffer.concat(paths.map((f) => readFileSync(f)));
    row('size', what, `${kib(bytes.length)}, ${kib(gzipSync(bytes).length)} gzipped`, target);
    continue;
  }
  const path = join(root, file);
  if (!existsSync(path)) continue;
  const files = statSync(path).isDirectory() ? ['codicon.css', 'codicon.woff2'].map((f) => join(path, f)) : [path];
  const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
  row('size', what, `${kib(bytes.length)}, ${kib(gzipSync(bytes).length)} gzipped`, [target, 'minified when built by `npm run bench`'].filter(Boolean).join('; '));
}
// What each part of a bundle costs, from esbuild's metafile (written next to the bundle).
for (const [bundle, meta] of [
  ['extension', 'dist/extension.meta.json'],
  ['start', 'dist/start.meta.json'],
  ['later', 'dist/later.meta.json'],
  ['webview', 'dist/webview/webview.meta.json'],
]) {
  const path = join(root, meta);
  if (!existsSync(path)) continue;
  const { outputs } = JSON.parse(readFileSync(path, 'utf8'));
  const output = Object.values(outputs).find((o) => o.entryPoint);
  const parts = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    // A later part's stand-ins for what an earlier part holds (esbuild.mjs NODE_PARTS) count as such.
    const name =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ??
      (input.startsWith('earlier-part:') ? 'taken from an earlier part' : input.endsWith('.entry.js') ? 'our code: what it hands later parts' : `our code: ${input.split('/')[1] ?? input}`);
    parts.set(name, (parts.get(name) ?? 0) + bytesInOutput);
  }
  for (const [name, bytes] of [...parts].sort((a, b) => b[1] - a[1])) {
    row('size', `  ${bundle} bundle: ${name}`, kib(bytes), `${((bytes / output.bytes) * 100).toFixed(0)}% of ${kib(output.bytes)}`);
  }
}
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `quiz-modules-${version}.vsix`);
if (existsSync(vsix)) row('size', '.vsix package', `${(statSync(vsix).size / 1000).toFixed(0)} KB`, 'target ≤ 152 KB');

// ---- Loader scaling -------------------------------------------------------------------------------
function moduleOf(count) {
  const questions = Array.from({ length: count }, (_, i) => {
    const q = bundledJson.questions[i % bundledJson.questions.length];
    return { ...q, id: `q-${i}`, section: undefined };
  });
  return JSON.stringify({ ...bundledJson, article: undefined, questions }, null, 2);
}
/**
 * The ratio of two runs taken in turns (a batch of one, then a batch of the other), in wall time
 * and in CPU time, each the median of the batches' ratios: on a shared machine two runs timed
 * one after the other, seconds apart, measure the other jobs as much as the code.
 */
function ratiosInTurns(ours, plain, count) {
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const batch = (run, n) => {
    const wall = performance.now();
    const cpu = cpuMs();
    for (let i = 0; i < n; i++) run();
    return { wall: (performance.now() - wall) / n, cpu: (cpuMs() - cpu) / n };
  };
  const n = Math.max(2, Math.round(2000 / count));
  const wall = [];
  const cpu = [];
  const deadline = performance.now() + 3000;
  while (wall.length < 9 || (performance.now() < deadline && wall.length < 200)) {
    const a = batch(ours, n);
    const b = batch(plain, n);
    wall.push(a.wall / b.wall);
    cpu.push(a.cpu / b.cpu);
  }
  const median = (values) => [...values].sort((x, y) => x - y)[values.length >> 1];
  return `in turns: ${median(wall).toFixed(2)}x in wall time, ${median(cpu).toFixed(2)}x in CPU time (median of ${wall.length} turns)`;
}

// 10,000 questions is past the hostile-input limits (1,000 questions, 5 MB, 500,000 tokens): the
// validator is timed with them lifted, and once as it is, refusing the file.
const lifted = { limits: { fileBytes: Infinity, tokens: Infinity, questions: Infinity } };
for (const count of [10, 1000, 10_000]) {
  const text = moduleOf(count);
  if (!validateModuleText(text, 'm.quiz.json', undefined, lifted).module) throw new Error(`the ${count}-question module must be valid`);
  const ours = time(() => validateModuleText(text, 'm.quiz.json', undefined, lifted), 3000);
  const plain = time(() => JSON.parse(text), 3000);
  const turns = ratiosInTurns(() => validateModuleText(text, 'm.quiz.json', undefined, lifted), () => JSON.parse(text), count);
  row(
    'loader',
    `${count} questions (${kib(text.length)}): parse, validate${count > 1000 ? ', limits lifted' : ''}`,
    ms(ours),
    `${(ours.median / plain.median).toFixed(1)}x JSON.parse alone (${plain.median.toFixed(2)} ms), timed one after the other; ${turns}${count === 1000 ? '; target ≤ 3x' : ''}`,
  );
  if (count === 1000) {
    // The same file with one error at its end: now the whole file is located (jsonc-parser's tree).
    const broken = text.replace(/"passingScore": \d+/, '"passingScore": 101');
    const located = time(() => validateModuleText(broken, 'm.quiz.json'));
    row('loader', `${count} questions, one error: parse, validate, locate`, ms(located), `${(located.median / plain.median).toFixed(1)}x JSON.parse alone`);
  }
}
const tenThousand = moduleOf(10_000);
const refused = time(() => validateModuleText(tenThousand, 'm.quiz.json'));
row('loader', `10,000 questions (${kib(tenThousand.length)}): refused by the limits`, ms(refused), 'over 5 MB: reported, not parsed');

// ---- Rendering --------------------------------------------------------------------------------
const megabyteArticle = Array.from({ length: Math.ceil((1024 * 1024) / article.length) }, () => article).join('\n\n');
for (const [what, text] of [
  ['the bundled article', article],
  ['a 1 MB article', megabyteArticle],
]) {
  const ours = time(() => new MarkdownRenderer().renderArticle(text));
  const plain = time(() => new Marked({ gfm: true }).parse(text));
  row('render', `${what} (${kib(text.length)})`, ms(ours), `${(ours.median / plain.median).toFixed(2)}x marked alone (${plain.median.toFixed(2)} ms)`);
}

// ---- One answer on the extension host ---------------------------------------------------------
const context = { now: () => new Date(), random: Math.random, newId: () => globalThis.crypto.randomUUID() };
const renderer = new MarkdownRenderer();
const rendered = renderer.renderArticle(megabyteArticle);
const builder = new QuizViewBuilder(bundledModule, renderer, new Map(rendered.headings.map((h) => [h.id, { anchor: h.anchor, text: h.text }])));
const begun = step({ record: emptyProgress(bundledModule.id), screen: CURRENT }, bundledModule, { type: 'begin' }, context);
function answerOnce() {
  const view = begun.view;
  const keys = choiceKeys(view.question);
  const picks = [keys[view.question.choices.findIndex((c) => c.correct)]];
  const result = step(begun.state, bundledModule, { type: 'answer', attemptId: view.attempt.id, questionId: view.question.id, picks }, context);
  return JSON.stringify(builder.quizState(result.view));
}
row('answer', 'host time per answer, 1 MB article: before (article rendered again)', ms(time(() => {
  new MarkdownRenderer().renderArticle(megabyteArticle);
  answerOnce();
})));
row('answer', 'host time per answer, 1 MB article: now (session step + view)', ms(time(answerOnce)), 'target < 5 ms');

// ---- Saved scores -------------------------------------------------------------------------------
function play(module, attempts, archive) {
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
      const { record, moved } = archiveOldAttempts(state.record);
      if (moved.length > 0) archivedBytes += JSON.stringify({ version: 1, moduleId: module.id, attempts: moved }).length;
      state = { ...state, record };
    }
  }
  return { state, archivedBytes };
}
const largeModule = validateModuleText(moduleOf(520), 'm.quiz.json').module;
row('scores', 'stored: 1 finished attempt of 520 questions', kib(JSON.stringify(play(largeModule, 1, false).state.record).length), '87 KB before the session model');
row('scores', 'stored: 1 finished attempt of the bundled module', kib(JSON.stringify(play(bundledModule, 1, false).state.record).length));
const started = performance.now();
const long = play(bundledModule, 10_000, true);
row('scores', 'stored: 10,000 attempts, in workspaceState', kib(JSON.stringify(long.state.record).length), 'VS Code warns above 512 KiB');
row('scores', 'stored: 10,000 attempts, in history files', kib(long.archivedBytes), `${((performance.now() - started) / 1000).toFixed(1)} s to play them all`);
const open = step(long.state, bundledModule, { type: 'retake' }, context);
row('scores', 'saving an answer with 10,000 attempts stored', ms(time(() => {
  const view = open.view;
  const keys = choiceKeys(view.question);
  const result = step(open.state, bundledModule, { type: 'answer', attemptId: view.attempt.id, questionId: view.question.id, picks: [keys[0]] }, context);
  JSON.stringify(archiveOldAttempts(result.state.record).record);
})), 'session step, history check and the JSON written');
row('scores', 'aggregating 10,000 attempts for the scores page', ms(time(() => {
  summarize(long.state.record);
  questionStats({ moduleId: long.state.record.moduleId, record: long.state.record });
})));

// ---- Code, math, alerts, footnotes (issue 13) -------------------------------------------------
await renderFeatureRows();
// ---- Review schedule ------------------------------------------------------------------------------
const { rate, dueCards, nextDue, interleave, emptySchedule } = await load('core', 'schedule', 'schedule.js');
{
  // A big workspace: 100 modules of 50 questions, each answered once, on days spread over a month.
  let book = emptySchedule();
  const day = 24 * 60 * 60 * 1000;
  const start = Date.UTC(2026, 0, 1);
  const outcomes = ['again', 'hard', 'good', 'good'];
  for (let m = 0; m < 100; m++) {
    for (let q = 0; q < 50; q++) book = rate(book, `module-${m}`, `q${q}`, 'v1', outcomes[(m + q) % 4], new Date(start + ((m * 50 + q) % 30) * day));
  }
  const at = new Date(start + 40 * day);
  const { scheduleFileText } = await load('core', 'schedule', 'scheduleFile.js');
  row('review', 'schedule of 5,000 cards, saved (schedule.json.gz)', kib(gzipSync(scheduleFileText(book)).byteLength), `${kib(Buffer.byteLength(scheduleFileText(book)))} before gzip; ${kib(JSON.stringify(book).length)} as a plain book`);
  row('review', 'due cards of 5,000, interleaved', ms(time(() => interleave(dueCards(book, at)))), `${dueCards(book, at).length} due`);
  row('review', 'next due date of 5,000 cards', ms(time(() => nextDue(book, new Date(start)))));
  row('review', 'rating one answer in a book of 5,000 cards', ms(time(() => rate(book, 'module-1', 'q1', 'v1', 'good', at))), 'FSRS step and a copy of the card table');
}
{
  // 20,000 live cards (200 modules of 100 questions), each rated 1 to 8 times over months on a
  // question version of its own (seeded, so every run saves the same book), saved as the store
  // saves them (compact, gzipped, in schedule.json.gz in the storage folder) and read back as the
  // store does at start.
  const { pruneGoneCards, reviewCard, cardKey } = await load('core', 'schedule', 'schedule.js');
  const { scheduleFileText, readScheduleFileText } = await load('core', 'schedule', 'scheduleFile.js');
  const { gzipText, textOfMaybeGzip } = await load('host', 'stores', 'gzip.js');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const start = Date.UTC(2026, 0, 1);
  let seed = 20_000;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const outcomes = ['again', 'hard', 'good', 'good'];
  const cards = {};
  for (let m = 0; m < 200; m++) {
    for (let q = 0; q < 100; q++) {
      let card;
      let at = start + random() * 30 * 86_400_000;
      const version = Math.floor(random() * 2 ** 40).toString(36);
      for (let n = 1 + Math.floor(random() * 8); n > 0; n--) {
        card = reviewCard(card, version, outcomes[Math.floor(random() * 4)], new Date(at));
        at += (1 + random() * 40) * 86_400_000;
      }
      cards[cardKey(`module-${m}`, `question-${q}`)] = card;
    }
  }
  const book = { ...emptySchedule(), cards };
  const text = scheduleFileText(book);
  const packed = await gzipText(text);
  const folder = mkdtempSync(join(tmpdir(), 'qm-bench-schedule-'));
  const file = join(folder, 'schedule.json.gz');
  writeFileSync(file, packed);
  row('review', 'schedule of 20,000 cards, saved (schedule.json.gz)', kib(packed.byteLength), `target 512 KiB; in the storage folder, not workspaceState; ${kib(Buffer.byteLength(text))} before gzip, ${kib(JSON.stringify(book).length)} as a plain book`);
  const plain = JSON.stringify(book);
  const { readSchedule } = await load('core', 'schedule', 'schedule.js');
  const before = time(() => readSchedule(JSON.parse(plain)));
  const reads = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    const read = readScheduleFileText(await textOfMaybeGzip(new Uint8Array(readFileSync(file)), 64 * 1024 * 1024));
    reads.push(performance.now() - t0);
    if (!read.ok) throw new Error(read.reason);
  }
  reads.sort((x, y) => x - y);
  row('review', 'reading the schedule of 20,000 cards at start', `${reads[7].toFixed(2)} ms (p95 ${reads[14].toFixed(2)})`, `file read, gunzip, JSON parse, check and decode, once; then get() reads memory (the plain book, parsed and checked at every get() before: ${before.median.toFixed(2)} ms)`);
  const writes = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    writeFileSync(file, await gzipText(scheduleFileText(book)));
    writes.push(performance.now() - t0);
  }
  writes.sort((x, y) => x - y);
  row('review', 'saving the schedule of 20,000 cards', `${writes[7].toFixed(2)} ms (p95 ${writes[14].toFixed(2)})`, 'encoded, gzipped and written once per change, off the answer\'s path');
  rmSync(folder, { recursive: true, force: true });
  row('review', 'pruning gone cards from 20,000', ms(time(() => pruneGoneCards(book, () => true, new Date(start)))), 'every card live');
}

// ---- A learning record store ----------------------------------------------------------------------
// A backlog of 10,000 statements queued in the extension's own outbox and delivered by its own
// sender, in a real extension host, to a real LRS (xapi-statements, in memory, a child process on a
// loopback port); then read back and reported.
await lrsRows();

// ---- In a real workbench ------------------------------------------------------------------------
// Activation, open to paint and discovery run in code-server and Chromium (test/vscode/benchWorkbench.ts).
// BENCH_WORKBENCH=0 skips them.
if (process.env.BENCH_WORKBENCH !== '0') {
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(root, 'out', 'test', 'vscode', 'benchWorkbench.js')], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const marker = 'QUIZ-BENCH-ROW ';
  let found = 0;
  for (const line of (child.stdout ?? '').split('\n')) {
    if (!line.startsWith(marker)) continue;
    const r = JSON.parse(line.slice(marker.length));
    row(r.section, r.what, r.figure, r.note);
    found++;
  }
  if (child.status !== 0 || found === 0) {
    row('workbench', 'the workbench rows failed', '-', (child.stderr || child.stdout || '').trim().split('\n').slice(-3).join(' | ').slice(0, 300));
  } else {
    console.error(`(workbench rows: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
}

// ---- Print ----------------------------------------------------------------------------------
console.log(`Node ${process.version}, ${new Date().toISOString()}`);
const widths = [9, 70, 44];
console.log(`${'area'.padEnd(widths[0])} ${'what'.padEnd(widths[1])} ${'figure'.padEnd(widths[2])} note`);
for (const r of rows) console.log(`${r.section.padEnd(widths[0])} ${r.what.padEnd(widths[1])} ${r.figure.padEnd(widths[2])} ${r.note}`);

/**
 * Rows for the rendering features: what the highlighter and math renderer add to the bundles (they
 * are a separate file for the Node host, required on first use, and bundled into the web one), and
 * the cost of rendering with them, once per module version.
 */
async function renderFeatureRows() {
  const { renderExtras } = await load('core', 'markdown', 'renderExtras.js');
  const extrasFile = join(root, 'dist', 'renderExtras.js');
  if (existsSync(extrasFile)) {
    const bytes = readFileSync(extrasFile);
    row('features', 'highlighter + math (dist/renderExtras.js, loaded on demand)', `${kib(bytes.length)}, ${kib(gzipSync(bytes).length)} gzipped`, 'Node host: not in dist/extension.js');
  }
  // The web bundle holds them: its size with them stubbed out, by an esbuild build of the same entry.
  const esbuild = await import('esbuild');
  const webBuild = async (stub) => {
    const result = await esbuild.build({
      entryPoints: [join(root, 'src', 'extension.ts')], bundle: true, minify: true, write: false, platform: 'browser', format: 'cjs',
      target: 'es2022', external: ['vscode'], mainFields: ['browser', 'module', 'main'], metafile: true, logLevel: 'silent',
      plugins: [{ name: 'loader', setup(build) {
        // As esbuild.mjs does: the path as imported (`../markdown/renderExtrasLoader`), with `.web.ts`.
        build.onResolve({ filter: /\/(renderExtrasLoader|bankConvertersLoader|laterLoader|startLoader)$/ }, (args) => ({ path: join(args.resolveDir, `${args.path}.web.ts`) }));
        if (stub) build.onResolve({ filter: /\/renderExtras$/ }, () => ({ path: 'stub', namespace: 'stub' }));
        build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export const renderExtras = undefined;', loader: 'js' }));
      } }],
    });
    const breakdown = {};
    for (const [input, info] of Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'src';
      breakdown[pkg] = (breakdown[pkg] ?? 0) + info.bytesInOutput;
    }
    return { bytes: result.outputFiles[0].contents.length, breakdown };
  };
  const withFeatures = await webBuild(false);
  const without = await webBuild(true);
  row('features', 'web worker bundle with / without highlighter + math', `${kib(withFeatures.bytes)} / ${kib(without.bytes)}`, `highlight.js ${kib(withFeatures.breakdown['highlight.js'] ?? 0)}, temml ${kib(withFeatures.breakdown['temml'] ?? 0)} of it`);
  const webview = join(root, 'dist', 'webview', 'webview.js');
  if (existsSync(webview)) {
    const text = readFileSync(webview, 'utf8');
    row('features', 'webview script holds highlighter or math code', /hljs|temml|registerLanguage/.test(text) ? 'yes' : 'no', 'rendered on the host; the page only shows sanitized HTML');
  }

  // Rendering: the bundled article, the code sample article, and a code-heavy 200 KB article.
  const sample = readFileSync(join(root, 'sample-workspace', 'slicing.md'), 'utf8');
  const block = (n) => [
    `## Part ${n}`,
    `Some text with $x_${n}^2 + y = \\frac{a}{b}$ and a note[^n${n}].`,
    '```ts', `export function f${n}(items: readonly number[]): number {`, '  // sum the even ones', '  return items.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0);', '}', '```',
    '```python', `def g${n}(xs):`, '    """Every second item."""', '    return [x * 2 for x in xs[::2] if x > 0]', '```',
    '```json', `{ "name": "part-${n}", "values": [1, 2, 3], "ok": true }`, '```',
    '> [!NOTE]', '> A note about this part.', '', `[^n${n}]: The footnote of part ${n}.`, '',
  ].join('\n');
  const parts = [];
  for (let n = 0; parts.join('\n').length < 200 * 1024; n++) parts.push(block(n));
  const codeHeavy = parts.join('\n');
  for (const [what, text] of [
    ['the bundled article', article],
    ['the code sample article (slicing.md)', sample],
    ['a code-heavy article', codeHeavy],
  ]) {
    const featured = time(() => new MarkdownRenderer({ extras: () => renderExtras }).renderArticle(text));
    const plainRender = time(() => new MarkdownRenderer().renderArticle(text));
    row('features', `render ${what} (${kib(text.length)}), features on`, ms(featured), `${plainRender.median.toFixed(2)} ms without highlighter and math; once per module version`);
  }
}

/**
 * A 10,000-statement backlog through the extension's own durable outbox and sender, in a real
 * extension host (test/bench/hostLrs.ts, in code-server and Chromium), to a real LRS; then read
 * back and reported. Skipped when .lrs/ is not installed.
 */
async function lrsRows() {
  const script = join(root, '.lrs', 'node_modules', 'xapi-statements', 'dist', 'index.js');
  if (!existsSync(script)) {
    row('lrs', 'backlog of 10,000 statements', '-', 'skipped: run node scripts/install-lrs.mjs');
    return;
  }
  const { spawn } = await import('node:child_process');
  const { createServer } = await import('node:net');
  const { exportsFromStatements } = await load('core', 'xapi', 'xapiReport.js');
  const { classReport } = await load('core', 'scores', 'classReport.js');
  const { LrsClient } = await load('host', 'lrs', 'LrsClient.js');
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  const child = spawn(process.execPath, [script], {
    cwd: join(root, '.lrs'),
    env: { ...process.env, EXPRESS_PORT: String(port), MODELS_REPO: 'memory', STORAGE_REPO: 'local', AUTH_REPO: 'test', EVENTS_REPO: 'test' },
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}/xAPI/`;
  try {
    const client = new LrsClient(endpoint, 'key', 'secret');
    let up = false;
    for (let i = 0; i < 120 && !up; i++) {
      up = (await client.about()).status === 200;
      if (!up) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!up) throw new Error('the LRS did not start');
    const hostRows = await hostLrsRows(endpoint);
    for (const r of hostRows) row(r.section, r.what, r.figure, r.note);
    if (!hostRows.some((r) => r.what.includes('delivered'))) return;
    const readStart = performance.now();
    const back = [];
    let url = `${endpoint}statements?limit=500`;
    let pages = 0;
    for (; url && pages < 200; pages++) {
      const response = await fetch(url, { headers: { 'X-Experience-API-Version': '1.0.3', Authorization: 'Basic a2V5OnNlY3JldA==' } });
      const body = await response.json();
      back.push(...body.statements);
      url = body.more ? new URL(body.more, endpoint).href : '';
    }
    const readMs = performance.now() - readStart;
    const unique = new Set(back.map((s) => s.id)).size;
    row('lrs', 'the same 10,000 read back (more links)', `${(readMs / 1000).toFixed(1)} s`, `${pages} pages, ${back.length} statements, ${unique} distinct`);
    row('lrs', 'class report from 10,000 statements', ms(time(() => classReport(exportsFromStatements(back)), 3000)), '40 learners, 1 module');
  } catch (error) {
    row('lrs', 'backlog of 10,000 statements', '-', `failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    child.kill('SIGKILL');
  }
}

/** Runs test/bench/hostLrs.ts in a real extension host (the repository as the extension under development) and returns its rows. */
async function hostLrsRows(endpoint) {
  const { ensureCodeServer } = await import(pathToFileURL(join(root, 'out', 'test', 'vscode', 'codeServer.js')).href);
  const { runHostBench } = await import(pathToFileURL(join(root, 'out', 'test', 'vscode', 'benchHost.js')).href);
  try {
    ensureCodeServer();
  } catch (error) {
    return [{ section: 'lrs', what: 'backlog through the outbox, in the extension host', figure: '-', note: `not measured: ${String(error?.message ?? error).split('\n')[0]}` }];
  }
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  return runHostBench({ workspace: mkdtempSync(join(tmpdir(), 'qm-bench-lrs-')), script: 'hostLrs.js', env: { QUIZ_BENCH_LRS_ENDPOINT: endpoint }, timeoutMinutes: 20 });
}
