/**
 * Runs inside the extension host for `npm run bench` (test/vscode/benchWorkbench.ts starts it as
 * the "tests" of an extension development window): a workspace after a year of study
 * (scripts/year-of-study.mjs) is imported with "Quiz: Import Scores", then the host is timed
 * where a learner waits on it: an answer saved (from the page's message reaching the host to the
 * record and its schedule card written), the scores page built, the due count and the sidebar's
 * items. Rows go to the console with the marker the bench looks for.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import type { QuizState, ToModulePageMessage } from '../../src/protocol/modulePage';
import { benchInHost } from './inHost';
import { emit, median } from './rows';

const ANSWERS = 40;

const figure = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]!;
  return `${median(values).toFixed(1)} ms (p95 ${p95.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)}, ${values.length} runs)`;
};

/**
 * With QM_BENCH_PROFILE set to a folder, a CPU profile of `work` is written there as
 * `<name>.cpuprofile` (open it in Chromium's DevTools), to show what holds a figure.
 */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const folder = process.env['QM_BENCH_PROFILE'];
  if (!folder) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path.join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function timed(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export function run(): Promise<void> {
  return benchInHost('year', 'in the extension host: failed', async (api) => {
    const exportFile = process.env['QM_YEAR_EXPORT'];
    if (!exportFile) throw new Error('QM_YEAR_EXPORT names no export file');
    const importMs = await timed(() => vscode.commands.executeCommand('quizModules.importScores', { uri: vscode.Uri.file(exportFile).toString(), confirm: false }));
    await api.store.flushed();
    const ids = api.store.moduleIds();
    const finished = ids.reduce((n, id) => n + (api.store.get(id).archived?.attempts ?? 0) + api.store.get(id).attempts.filter((a) => a.finishedAt).length + (api.store.get(id).archived?.sideAttempts ?? 0), 0);
    const cards = Object.keys(api.schedule.get().cards).length;
    emit('year', 'the year imported (Import Scores), in the extension host', `${(importMs / 1000).toFixed(1)} s`, `${api.repository.modules.length} modules, ${finished} finished attempts, ${cards} cards; setting up the bench, not a target`);

    // The scores page: the first build reads the history files not read since they changed (the
    // import read them all, so few here); later builds read only what changed.
    let drawn = 0;
    const cold = await timed(async () => {
      const started = performance.now();
      const panel = api.scores.show();
      while (!panel.webview.html) await new Promise((resolve) => setImmediate(resolve));
      drawn = performance.now() - started;
      await api.scores.rendered();
    });
    const warm: number[] = [];
    await profiled('scores-page', async () => {
      for (let i = 0; i < 5; i++) warm.push(await timed(() => api.scores.show() && api.scores.rendered()));
    });
    emit('year', 'scores page built on the host, first time: HTML set / build finished', `${drawn.toFixed(0)} ms / ${cold.toFixed(0)} ms`, `HTML ${(api.scores.webviewPanel!.webview.html.length / 1024).toFixed(0)} KiB; history read by the import, so warm here: the workbench row below is the cold one`);
    emit('year', 'scores page built on the host again (history files cached)', figure(warm));

    const recount: number[] = [];
    for (let i = 0; i < 20; i++) recount.push(await timed(() => api.due.recount()));
    emit('year', 'status bar due count, on the host', figure(recount), `${api.due.count()} due of ${cards} cards`);
    const listing: number[] = [];
    for (let i = 0; i < 20; i++) listing.push(await timed(async () => (await api.tree.getChildren()).map((node) => api.tree.getTreeItem(node))));
    emit('year', 'sidebar items with scores and due counts, on the host', figure(listing), `${api.repository.modules.length} modules`);

    // Answers through the module page, with the scores page open beside it (it redraws on each).
    const moduleId = ids[0]!;
    const loaded = api.repository.get(moduleId)!;
    const panel = await api.panels.open(moduleId, 'quiz');
    const posted: ToModulePageMessage[] = [];
    const subscription = panel.onDidPost((message) => posted.push(message));
    const lastQuiz = (): QuizState => {
      const quiz = [...posted].reverse().find((m): m is Extract<ToModulePageMessage, { type: 'quiz' }> => m.type === 'quiz');
      if (!quiz) throw new Error('no quiz state was sent');
      return quiz.quiz;
    };
    const saves: number[] = [];
    const withPage: number[] = [];
    const alone: number[] = [];
    // When the store says the answer's record (and, in the same piece of work, its card) is
    // written: the save itself, without the feedback's trip to the page that follows it.
    let savedAt = 0;
    const stored: number[] = [];
    const storedWithPage: number[] = [];
    const onSaved = api.store.onDidChange((id) => {
      if (id === moduleId && savedAt === 0) savedAt = performance.now();
    });
    try {
      await panel.receive({ type: 'ready' });
      await panel.receive({ type: 'restart' });
      for (let i = 0; i < 2 * ANSWERS; i++) {
        // The first half with the scores page closed, the second with it open beside the quiz.
        if (i === ANSWERS) {
          api.scores.show();
          await api.scores.rendered();
        } else if (i === 0) api.scores.webviewPanel?.dispose();
        let state = lastQuiz();
        if (state.phase !== 'question') {
          await panel.receive({ type: 'restart' });
          state = lastQuiz();
        }
        if (state.phase !== 'question') throw new Error(`the quiz shows ${state.phase}, not a question`);
        const question = loaded.module.questions.find((q) => q.id === state.question.id)!;
        const keys = choiceKeys(question);
        const picks = [keys[question.choices.findIndex((c) => c.correct === (i % 4 !== 0))]!];
        const started = performance.now();
        savedAt = 0;
        const answer = () => panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: question.id, picks });
        await (i === 5 || i === ANSWERS + 5 ? profiled(i < ANSWERS ? 'answer' : 'answer-with-scores-page', answer) : answer());
        (i < ANSWERS ? alone : saves).push(performance.now() - started);
        if (savedAt === 0) throw new Error('the answer was not saved');
        (i < ANSWERS ? stored : storedWithPage).push(savedAt - started);
        await api.scores.rendered();
        if (i >= ANSWERS) withPage.push(performance.now() - started);
        await panel.receive({ type: 'next', attemptId: state.attemptId });
      }
    } finally {
      subscription.dispose();
      onSaved.dispose();
    }
    emit('year', 'answer saved on the host: message received to record and card written', figure(stored), 'target ≤ 50 ms; to the store\'s change event, fired once both are written');
    emit('year', 'the same with the scores page open', figure(storedWithPage), 'target ≤ 50 ms');
    emit('year', 'answer handled on the host: message received to the feedback posted (the page acknowledged it)', figure(alone), 'the save above, then the feedback\'s round trip to the webview');
    emit('year', 'the same with the scores page open', figure(saves));
    emit('year', 'answer saved and the open scores page redrawn, on the host', figure(withPage), 'the page reads no history file unless the answer moved attempts into one');
    const memory = process.memoryUsage();
    emit('memory', 'extension host after the year: heap used / RSS', `${(memory.heapUsed / 1048576).toFixed(0)} MiB / ${(memory.rss / 1048576).toFixed(0)} MiB`, 'process.memoryUsage(), all extensions of the host');
  });
}
