/**
 * Scores leave the workspace (JSON, CSV, xAPI) and come back through Import Scores.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { choiceKeys, questionVersion } from '../../src/core/module/choiceKeys';
import { emptySchedule } from '../../src/core/schedule/schedule';
import { parseCsv } from '../unit/csv';
import { api } from './support';

describe('Exporting and importing scores', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('exports every score as JSON, CSV and xAPI, and an import into a fresh state gives the same dashboard', async function () {
    this.timeout(60_000);
    const { store, scores, workspaceState, repository, panels, schedule } = await api();
    const folder = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'qm-export-')));
    for (const id of store.moduleIds()) await store.reset(id);
    await schedule.update(() => emptySchedule());
    const exam = repository.get('fixture-exam')!.module;
    const keys = (i: number) => choiceKeys(exam.questions[i]!);
    const right = (i: number) => keys(i)[exam.questions[i]!.choices.findIndex((c) => c.correct)]!;
    const wrong = (i: number) => keys(i)[exam.questions[i]!.choices.findIndex((c) => !c.correct)]!;
    const at = (n: number, s: number) => new Date(Date.UTC(2026, 10, 1 + (n % 25), 9, 0, s)).toISOString();
    const attempt = (n: number, good: boolean, kind?: string) => {
      const answers: Record<string, unknown> = {};
      exam.questions.forEach((q, i) => {
        const ok = good || i > 0;
        answers[q.id] = { picks: [ok ? right(i) : wrong(i)], correct: ok, earned: ok ? q.points : 0, points: q.points, answeredAt: at(n, 10 + i * 10), ...(i === 0 ? { confidence: 'sure' } : {}) };
      });
      const earned = exam.questions.reduce((sum, q, i) => sum + (good || i > 0 ? q.points : 0), 0);
      const possible = exam.questions.reduce((sum, q) => sum + q.points, 0);
      return {
        id: `exp-${n}`,
        startedAt: at(n, 0),
        finishedAt: at(n, 50),
        questionOrder: exam.questions.map((q) => q.id),
        answers,
        result: { earned, possible, percent: Math.round((earned / possible) * 100), passed: earned === possible },
        ...(kind ? { kind } : {}),
      };
    };
    // 60 full attempts (most move to the history files) and a practice attempt.
    for (let n = 1; n <= 60; n++) await store.update('fixture-exam', (r) => ({ ...r, attempts: [...r.attempts, attempt(n, n % 3 === 0) as never] }));
    await store.update('fixture-exam', (r) => ({ ...r, attempts: [...r.attempts, attempt(61, true, 'practice') as never] }));
    assert.ok((await store.archivedAttempts('fixture-exam')).length > 0, 'some attempts are in the history files');
    // A card of the question as it is now: only such cards are due (the status bar counts the same).
    const card = { questionVersion: questionVersion(exam.questions[0]!), due: '2026-11-01T00:00:00.000Z', stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: 1, reps: 1, lapses: 0, state: 2, lastReview: '2026-10-31T00:00:00.000Z' };
    await schedule.update(() => ({ version: 1, cards: { [`fixture-exam\u0000${exam.questions[0]!.id}`]: card } }));

    await vscode.commands.executeCommand('quizModules.showScores');
    const withoutNonce = (html: string) => html.replace(/nonce-?[=":A-Za-z0-9+/-]*/g, '');
    const before = withoutNonce(scores.webviewPanel!.webview.html);
    assert.match(before, /Days studied in a row/);
    assert.match(before, /Due for review now<\/dt><dd>1</);
    // The module's details, as the page is sent them when they are opened.
    const beforeDetails = (await scores.detailsHtml('fixture-exam')) ?? '';
    assert.match(beforeDetails, /<svg class="chart" role="img"/);
    assert.match(before, /Practice attempts<\/dt><dd>1</);
    assert.match(before, /Sure but wrong/);
    assert.match(beforeDetails, /Misleading/, 'a wrong choice picked by 2 of 3 answers stands out');

    // JSON, complete.
    const jsonUri = vscode.Uri.joinPath(folder, 'scores.json');
    const written = await vscode.commands.executeCommand<vscode.Uri>('quizModules.exportScores', { format: 'json', uri: jsonUri });
    assert.equal(written?.toString(), jsonUri.toString());
    const exported = JSON.parse(fs.readFileSync(jsonUri.fsPath, 'utf8')) as { format: string; version: number; modules: { moduleId: string; attempts: { id: string }[] }[]; schedule: unknown };
    assert.equal(exported.format, 'quiz-modules-scores');
    assert.equal(exported.version, 1);
    const examExport = exported.modules.find((m) => m.moduleId === 'fixture-exam')!;
    assert.equal(examExport.attempts.length, 61, 'every attempt, those in the history files too');
    assert.deepEqual(new Set(examExport.attempts.map((a) => a.id)), new Set(Array.from({ length: 61 }, (_, i) => `exp-${i + 1}`)));
    const starts = (examExport.attempts as unknown as { startedAt: string }[]).map((a) => a.startedAt);
    assert.deepEqual(starts, [...starts].sort(), 'oldest first');
    assert.ok(exported.schedule);

    // CSV: one row per answer, parsed back.
    const csvUri = vscode.Uri.joinPath(folder, 'scores.csv');
    await vscode.commands.executeCommand('quizModules.exportScores', { format: 'csv', uri: csvUri });
    const rows = parseCsv(fs.readFileSync(csvUri.fsPath, 'utf8'));
    assert.equal(rows.length, 1 + 61 * exam.questions.length);
    assert.equal(rows[0]![0], 'module_id');

    // xAPI statements, parsed back.
    const xapiUri = vscode.Uri.joinPath(folder, 'scores.xapi.json');
    await vscode.commands.executeCommand('quizModules.exportScores', { format: 'xapi', uri: xapiUri });
    const statements = JSON.parse(fs.readFileSync(xapiUri.fsPath, 'utf8')) as { verb: { id: string }; actor: { account: { name: string; homePage: string } }; object: { definition: { interactionType: string; correctResponsesPattern: string[] } }; result: { response: string; duration: string } }[];
    assert.equal(statements.length, 61 * exam.questions.length);
    assert.ok(statements.every((x) => x.verb.id === 'http://adlnet.gov/expapi/verbs/answered' && x.object.definition.interactionType === 'choice'));
    assert.match(statements[0]!.actor.account.name, /^learner-[0-9a-f-]{36}$/, 'a pseudonymous account');
    assert.equal(statements[0]!.object.definition.correctResponsesPattern[0], keys(0).filter((_, i) => exam.questions[0]!.choices[i]!.correct).join('[,]'));
    assert.match(statements[0]!.result.duration, /^PT\d+(\.\d+)?S$/);

    // A fresh state: every score and the schedule gone. Then the import brings all back.
    for (const id of store.moduleIds()) await store.reset(id);
    await schedule.update(() => emptySchedule());
    await scores.rendered();
    assert.doesNotMatch(scores.webviewPanel!.webview.html, /<svg class="chart"/);
    const outcome = await vscode.commands.executeCommand<{ modules: { moduleId: string; attempts: number }[]; scheduleCards: number }>('quizModules.importScores', { uri: jsonUri, confirm: false });
    assert.deepEqual(outcome?.modules.find((m) => m.moduleId === 'fixture-exam')?.attempts, 61);
    assert.equal(outcome?.scheduleCards, 1);
    await scores.rendered();
    assert.equal(withoutNonce(scores.webviewPanel!.webview.html), before, 'the same dashboard, figure for figure');
    assert.equal(await scores.detailsHtml('fixture-exam'), beforeDetails, 'and the same details');
    assert.ok((await store.archivedAttempts('fixture-exam')).length > 0, 'the long history went back to the history files');

    // Importing the same file again adds nothing.
    const snapshot = async () => JSON.stringify([[...workspaceState.keys()].sort().map((k) => [k, workspaceState.get(k)]), await store.savedRecords()]);
    const state = await snapshot();
    assert.equal(await vscode.commands.executeCommand('quizModules.importScores', { uri: jsonUri, confirm: false }), undefined);
    assert.equal(await snapshot(), state);

    // A file that is not ours is refused and nothing changes.
    const foreign = vscode.Uri.joinPath(folder, 'module.json');
    fs.writeFileSync(foreign.fsPath, JSON.stringify({ version: 3, moduleId: 'fixture-exam', attempts: [] }));
    const refusal = (uri: vscode.Uri) => vscode.commands.executeCommand<{ refused?: string } | undefined>('quizModules.importScores', { uri, confirm: false }).then((r) => r?.refused);
    assert.match((await refusal(foreign)) ?? '', /not a Quiz Modules scores export/);
    fs.writeFileSync(foreign.fsPath, '{ not json');
    assert.match((await refusal(foreign)) ?? '', /not JSON/);
    assert.match((await refusal(xapiUri)) ?? '', /not a Quiz Modules scores export/, 'xAPI statements are not an export to import');
    assert.equal(await snapshot(), state);

    // "Re-read" from the dashboard opens the module at the section; anything else is ignored.
    const section = exam.questions[0]!.section!;
    assert.equal(await scores.onMessage({ type: 'reread', moduleId: 'fixture-exam', section: 'not-a-section' }), false);
    assert.equal(await scores.onMessage({ type: 'reread', moduleId: 'nope', section }), false);
    assert.equal(await scores.onMessage({ type: 'openLink', href: 'command:x' }), false);
    assert.match(before, new RegExp(`data-reread-module="fixture-exam" data-reread-section="${section}"`));
    assert.equal(await scores.onMessage({ type: 'reread', moduleId: 'fixture-exam', section }), true);
    const opened = panels.get('fixture-exam');
    assert.ok(opened, 'the module panel is open');
    for (const id of store.moduleIds()) await store.reset(id);
    await schedule.update(() => emptySchedule());
  });
});
