import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as fc from 'fast-check';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import type { AttemptRecord, ProgressRecord } from '../../src/core/session/progressRecord';
import { readScheduleFileText } from '../../src/core/schedule/scheduleFile';
import { textOfMaybeGzip } from '../../src/host/stores/gzip';
import { readBytes, readFolder, statOf } from '../../src/host/util/diskReads';
import type { QuizState, ToModulePageMessage } from '../../src/protocol/modulePage';
import type { QuizModulesTestApi } from '../../src/extension';
import { api, captureWarnings } from './support';

const SHAPES = 'fixture-shapes';


function finished(id: string, minute: number, right: boolean): AttemptRecord {
  const at = (second: number) => new Date(Date.UTC(2026, 5, 1, 9, minute, second)).toISOString();
  return {
    id,
    startedAt: at(0),
    finishedAt: at(30),
    questionOrder: ['q'],
    answers: { q: { picks: ['k'], correct: right, earned: right ? 1 : 0, points: 1, answeredAt: at(20), version: 'v' } },
    result: { earned: right ? 1 : 0, possible: 1, percent: right ? 100 : 0, passed: right },
  };
}

const record = (moduleId: string, attempts: AttemptRecord[]): ProgressRecord => ({ version: 3, moduleId, attempts });
const textOf = (uri: vscode.Uri) => readFileSync(uri.fsPath, 'utf8');

describe('Scores saved as one file per module (real VS Code)', () => {
  let exports: QuizModulesTestApi;

  before(async () => {
    exports = await api();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('writes an answer to its module record file in the storage folder, not to workspaceState', async () => {
    const { panels, repository, store, workspaceState, storageUri } = exports;
    assert.ok(storageUri, 'the workspace has a storage folder');
    await store.reset(SHAPES);
    const module = repository.get(SHAPES)!.module;
    const panel = await panels.open(SHAPES, 'quiz');
    const posted: ToModulePageMessage[] = [];
    const subscription = panel.onDidPost((m) => posted.push(m));
    try {
      await panel.receive({ type: 'ready' });
      await panel.receive({ type: 'start' });
      const quiz = [...posted].reverse().find((m): m is Extract<ToModulePageMessage, { type: 'quiz' }> => m.type === 'quiz')!.quiz as QuizState;
      assert.equal(quiz.phase, 'question');
      if (quiz.phase !== 'question') return;
      const question = module.questions.find((q) => q.id === quiz.question.id)!;
      const picks = [choiceKeys(question)[question.choices.findIndex((c) => c.correct)]!];
      await panel.receive({ type: 'answer', attemptId: quiz.attemptId, questionId: question.id, picks });
    } finally {
      subscription.dispose();
    }
    const file = store.recordFile(SHAPES);
    assert.ok(file, 'records are saved as files');
    assert.equal(file.fsPath, path.join(storageUri.fsPath, 'records', `${SHAPES}.json`));
    // Written when the answer is (the page waits on it), not on some later flush.
    const saved = JSON.parse(textOf(file)) as ProgressRecord;
    assert.equal(saved.version, 3);
    assert.equal(saved.moduleId, SHAPES);
    assert.equal(Object.keys(saved.attempts.at(-1)!.answers).length, 1, 'the answer is in the file');
    assert.deepEqual(saved, store.get(SHAPES), 'the file holds what the store holds');
    assert.deepEqual(await store.saved(SHAPES), saved);
    assert.equal(workspaceState.get(`quizModules.progress.${SHAPES}`), undefined, 'nothing in workspaceState');
    // The next start reads it back as it was.
    await store.load();
    assert.deepEqual(store.get(SHAPES), saved);
    await store.reset(SHAPES);
    assert.ok(!existsSync(file.fsPath), 'Reset Scores deletes the file');
    assert.ok(!store.moduleIds().includes(SHAPES));
  });

  it('moves records kept in workspaceState by an older version to their files, attempt for attempt, merging one a cut-off start left in both, and only then clears them', async () => {
    const { store, workspaceState, storageUri } = exports;
    assert.ok(storageUri);
    await store.flushed();
    const moved = record('records-moved', [finished('a1', 1, true), finished('a2', 2, false)]);
    const v1 = { version: 1, best: 100, last: 100, attempts: [{ startedAt: 1_700_000_000_000, finishedAt: 1_700_000_060_000, score: 100, passed: true, answers: [{ questionId: 'q', picks: [0], correct: true }] }] };
    // A start cut off after writing this file and before clearing the old value, and an older
    // version that saved one more attempt in workspaceState afterwards.
    const both = record('records-both', [finished('b1', 1, true)]);
    const bothLater = record('records-both', [finished('b1', 1, true), finished('b2', 2, true)]);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(storageUri, 'records'));
    writeFileSync(store.recordFile('records-both')!.fsPath, JSON.stringify(both));
    await workspaceState.update('quizModules.progress.records-moved', JSON.parse(JSON.stringify(moved)));
    await workspaceState.update('quizModules.progress.records-old', v1);
    await workspaceState.update('quizModules.progress.records-both', JSON.parse(JSON.stringify(bothLater)));
    // A save a crash cut short left its temporary file an hour ago; a fresh one may be another window's.
    const stale = path.join(storageUri.fsPath, 'records', 'records-moved.json.1-crashed.tmp');
    const fresh = path.join(storageUri.fsPath, 'records', 'records-moved.json.2-saving.tmp');
    writeFileSync(stale, '{"version": 3, "modu');
    writeFileSync(fresh, '{"version": 3, "modu');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(stale, hourAgo, hourAgo);
    const changed: string[] = [];
    const listener = store.onDidChange((id) => changed.push(id));
    try {
      await store.load();
    } finally {
      listener.dispose();
    }
    try {
      assert.ok(!existsSync(stale), 'the stale temporary file is removed');
      assert.ok(existsSync(fresh), 'a recent one is left alone');
      unlinkSync(fresh);
      assert.deepEqual(store.get('records-moved'), moved, 'every attempt, as it was');
      assert.deepEqual(JSON.parse(textOf(store.recordFile('records-moved')!)), moved, 'the file holds the same record');
      assert.equal(store.get('records-old').version, 3, 'an old version is migrated on the way');
      assert.equal(store.get('records-old').attempts[0]!.result!.percent, 100);
      assert.deepEqual(JSON.parse(textOf(store.recordFile('records-old')!)), store.get('records-old'));
      assert.deepEqual(store.get('records-both').attempts.map((a) => a.id), ['b1', 'b2'], 'both copies merged: nothing lost');
      assert.deepEqual(JSON.parse(textOf(store.recordFile('records-both')!)), store.get('records-both'));
      for (const id of ['records-moved', 'records-old', 'records-both']) {
        assert.equal(workspaceState.get(`quizModules.progress.${id}`), undefined, `${id}: the old value is gone from workspaceState`);
        assert.ok(store.moduleIds().includes(id), `${id} is offered (Reset Scores, export)`);
        assert.ok(changed.includes(id), `${id}: the pages that listen are told`);
      }
      // The next start reads the files alone.
      await store.load();
      assert.deepEqual(store.get('records-moved'), moved);
    } finally {
      for (const id of ['records-moved', 'records-old', 'records-both']) await store.reset(id);
    }
  });

  it('saves an answer\'s rating to a journal beside schedule.json.gz, replays it at the next start and folds it into the file', async () => {
    const { panels, repository, store, schedule, storageUri } = exports;
    assert.ok(storageUri);
    await store.reset(SHAPES);
    await schedule.forget(SHAPES);
    const module = repository.get(SHAPES)!.module;
    const scheduleFile = path.join(storageUri.fsPath, 'schedule.json.gz');
    const journal = path.join(storageUri.fsPath, 'schedule.journal.json');
    const panel = await panels.open(SHAPES, 'quiz');
    const posted: ToModulePageMessage[] = [];
    const subscription = panel.onDidPost((m) => posted.push(m));
    const answerOne = async () => {
      const quiz = [...posted].reverse().find((m): m is Extract<ToModulePageMessage, { type: 'quiz' }> => m.type === 'quiz')!.quiz as QuizState;
      assert.ok(quiz.phase === 'question' && !quiz.feedback, 'a question waits');
      if (quiz.phase !== 'question') return;
      const question = module.questions.find((q) => q.id === quiz.question.id)!;
      await panel.receive({ type: 'answer', attemptId: quiz.attemptId, questionId: question.id, picks: [choiceKeys(question)[0]!] });
      await panel.receive({ type: 'next', attemptId: quiz.attemptId });
    };
    let fileBefore: string;
    try {
      await panel.receive({ type: 'ready' });
      await panel.receive({ type: 'start' });
      await answerOne();
      assert.ok(existsSync(scheduleFile), 'the schedule file exists once a card was rated');
      fileBefore = readFileSync(scheduleFile).toString('base64');
      await answerOne();
    } finally {
      subscription.dispose();
    }
    const rated = schedule.get();
    assert.ok(existsSync(journal), 'the rating went to the journal');
    assert.equal(readFileSync(scheduleFile).toString('base64'), fileBefore, 'the book was not written whole for one answer');
    const entries = (JSON.parse(readFileSync(journal, 'utf8')) as { entries: unknown[] }).entries;
    assert.ok(entries.length >= 1 && JSON.stringify(entries.at(-1)).includes(SHAPES), 'the journal names the module rated');
    // The next start replays it and folds it into the file.
    await schedule.load();
    assert.deepEqual(schedule.get(), rated, 'every card as it was rated');
    assert.ok(!existsSync(journal), 'folded: the journal is gone');
    const folded = readScheduleFileText(await textOfMaybeGzip(new Uint8Array(readFileSync(scheduleFile)), 64 * 1024 * 1024));
    assert.ok(folded.ok);
    assert.deepEqual(folded.book, rated, 'the file holds every rating');
    // A journal a crash left after its book was written whole names an older file: never replayed
    // (a reset since would get its cards back), only removed.
    await schedule.forget(SHAPES);
    const forgotten = schedule.get();
    writeFileSync(journal, JSON.stringify({ version: 1, base: 'an-older-file', entries: [[SHAPES, [{ questionId: module.questions[0]!.id, questionVersion: 'v', outcome: 'good', at: new Date().toISOString() }], Date.now()]] }));
    await schedule.load();
    assert.deepEqual(schedule.get(), forgotten, 'no card came back');
    assert.ok(!existsSync(journal));
    await store.reset(SHAPES);
  });

  it('keeps an unreadable record file aside instead of dropping it, says where and why, and ignores names that are no module id', async () => {
    const { store, storageUri } = exports;
    assert.ok(storageUri);
    await store.flushed();
    const folder = path.join(storageUri.fsPath, 'records');
    const file = store.recordFile('records-damaged')!;
    const damaged = '{"version": 3, "moduleId": "records-damaged", "attempts": "not a list"}';
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(folder));
    writeFileSync(file.fsPath, damaged);
    // Names a hostile or foreign hand could leave: none is read as a record, none is touched.
    const foreign = ['..json', 'UPPER.json', 'a b.json', 'records-damaged.unreadable-1.json'];
    for (const name of foreign) writeFileSync(path.join(folder, name), '{}');
    const warnings: string[] = [];
    const listener = captureWarnings(warnings);
    try {
      await store.load();
    } finally {
      listener.dispose();
    }
    try {
      assert.deepEqual(store.get('records-damaged'), record('records-damaged', []), 'a fresh record is used');
      const names = (await vscode.workspace.fs.readDirectory(vscode.Uri.file(folder))).map(([name]) => name);
      const aside = names.filter((n) => n.startsWith('records-damaged.unreadable-') && n !== 'records-damaged.unreadable-1.json');
      assert.equal(aside.length, 1, 'the damaged file is kept aside');
      assert.equal(readFileSync(path.join(folder, aside[0]!), 'utf8'), damaged, 'unchanged');
      assert.ok(!names.includes('records-damaged.json'), 'nothing was written over it');
      assert.ok(
        warnings.some((w) => w.includes('records-damaged.json') && w.includes(aside[0]!) && /no list of attempts/.test(w)),
        `a located warning with the reason: ${warnings.join('\n')}`,
      );
      for (const name of foreign) assert.ok(names.includes(name), `${name} is left alone`);
      assert.ok(!store.moduleIds().some((id) => !/^[a-z0-9][a-z0-9-]*$/.test(id)), 'no name that is not an id is offered');
      unlinkSync(path.join(folder, aside[0]!));
    } finally {
      for (const name of foreign) unlinkSync(path.join(folder, name));
    }
  });
});

describe('Reading the disk at start without the workbench (real VS Code)', () => {
  const sorted = (entries: [string, vscode.FileType][]) => [...entries].sort(([a], [b]) => a.localeCompare(b));

  it('gives what workspace.fs gives: entries and their kinds, sizes, times and bytes, for random folders', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,11}$/), { minLength: 1, maxLength: 6 }),
        fc.array(fc.uint8Array({ maxLength: 3000 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.constantFrom('file', 'folder', 'link to file', 'link to folder', 'broken link'), { minLength: 6, maxLength: 6 }),
        async (names, contents, kinds) => {
          const root = mkdtempSync(path.join(tmpdir(), 'qm-reads-'));
          try {
            writeFileSync(path.join(root, 'target-file'), 'x');
            mkdirSync(path.join(root, 'target-folder'));
            names.forEach((name, index) => {
              const at = path.join(root, `e-${name}`);
              const kind = kinds[index];
              if (kind === 'file') writeFileSync(at, contents[index] ?? new Uint8Array());
              else if (kind === 'folder') mkdirSync(at);
              else symlinkSync(kind === 'link to file' ? path.join(root, 'target-file') : kind === 'link to folder' ? path.join(root, 'target-folder') : path.join(root, 'nowhere'), at);
            });
            const folder = vscode.Uri.file(root);
            assert.deepEqual(sorted(await readFolder(folder)), sorted(await vscode.workspace.fs.readDirectory(folder)));
            for (const [index, name] of names.entries()) {
              const uri = vscode.Uri.joinPath(folder, `e-${name}`);
              const theirs = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
              const ours = await statOf(uri).catch(() => undefined);
              assert.equal(ours === undefined, theirs === undefined, `${name}: found by one and not the other`);
              if (!ours || !theirs) continue;
              // VS Code adds SymbolicLink to a link's kind; statOf gives what it leads to.
              assert.equal(ours.type, theirs.type & ~vscode.FileType.SymbolicLink, name);
              assert.equal(ours.size, theirs.size, name);
              assert.equal(ours.mtime, theirs.mtime, name);
              // Compared byte for byte: one may be a Node Buffer, the other a plain Uint8Array.
              if (kinds[index] === 'file') assert.deepEqual([...(await readBytes(uri))], [...(await vscode.workspace.fs.readFile(uri))], name);
            }
            await assert.rejects(readBytes(vscode.Uri.joinPath(folder, 'missing')));
            await assert.rejects(readFolder(vscode.Uri.joinPath(folder, 'missing')));
          } finally {
            rmSync(root, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
