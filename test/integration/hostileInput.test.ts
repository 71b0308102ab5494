/**
 * What an attacker or a broken file can send: messages outside the protocol, thousands of random
 * ones, and hostile or oversized files beside a good module.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as vscode from 'vscode';
import { api, openClean, waitFor, workspaceUri, writeFile } from './support';

describe('Hostile input: junk messages from the page and hostile files', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('drops messages outside the protocol and answers that do not fit the attempt', async () => {
    const { panel, recorder, store } = await openClean('fixture-exam');
    try {
      for (const junk of [null, 'start', { type: 'grade' }, { type: 'answer', picks: 'all' }, { type: 'ready', extra: 1 }]) {
        await panel.receive(junk);
      }
      assert.equal(recorder.messages.length, 0, 'nothing answers junk');
      await panel.receive({ type: 'start' });
      const state = recorder.lastQuiz();
      assert.ok(state.phase === 'question');
      const before = JSON.stringify(store.get('fixture-exam'));
      const key = state.question.choices[0]!.id;
      await panel.receive({ type: 'answer', attemptId: 'not-this-one', questionId: state.question.id, picks: [key] });
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: 'no-such-question', picks: [key] });
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: ['zzzzzz'] });
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: [0] });
      assert.equal(JSON.stringify(store.get('fixture-exam')), before, 'nothing was saved');
    } finally {
      recorder.dispose();
    }
  });

  it('changes nothing for 2,000 random and malformed messages from the page', async function () {
    this.timeout(60_000);
    const { panel, recorder, store } = await openClean('fixture-exam');
    try {
      await panel.receive({ type: 'ready' });
      await panel.receive({ type: 'start' });
      const state = recorder.lastQuiz();
      assert.ok(state.phase === 'question');
      const keys = state.question.choices.map((c) => c.id);
      await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: state.question.id, picks: [keys[0]!] });
      const before = JSON.stringify(store.get('fixture-exam'));
      const messages = fc.sample(
        fc.oneof(
          fc.anything(),
          fc.record({ type: fc.constantFrom('answer', 'next', 'grade', 'ready'), attemptId: fc.anything(), questionId: fc.anything(), picks: fc.anything() }),
          fc.record({ type: fc.constant('answer'), attemptId: fc.constantFrom(state.attemptId, 'other'), questionId: fc.constant(state.question.id), picks: fc.subarray(keys, { minLength: 1 }) }),
          fc.record({ type: fc.constant('next'), attemptId: fc.constantFrom(state.attemptId, 'other') }),
        ),
        2000,
      );
      for (const message of messages) await panel.receive(message);
      assert.equal(JSON.stringify(store.get('fixture-exam')), before, 'the saved record is exactly as before');
      // A refused answer is said on the page ("not counted"); nothing else may go wrong.
      assert.ok(!recorder.messages.some((m) => m.type === 'error' && !/not counted/.test(m.message)), 'nothing threw');
    } finally {
      recorder.dispose();
    }
  });

  it('loads a good module beside hostile and oversized files, and names each bad file at a place in it', async function () {
    this.timeout(120_000);
    const { repository } = await api();
    const folder = workspaceUri('hostile-files');
    const write = (name: string, text: string | Uint8Array) => writeFile(vscode.Uri.joinPath(folder, name), text);
    const module = (id: string, extra: object = {}) =>
      JSON.stringify({ version: 1, id, title: id, questions: [{ id: 'q', prompt: 'Pick a', choices: [{ text: 'a', correct: true }, { text: 'b' }] }], ...extra }, null, 2);
    try {
      await write('good.quiz.json', module('fixture-good-among-bad'));
      // 50 MB of spaces around an object: refused by its size, before it is read.
      const huge = new Uint8Array(50 * 1024 * 1024).fill(32);
      huge[0] = 123;
      huge[huge.length - 1] = 125;
      await write('huge.quiz.json', huge);
      await write('deep.quiz.json', '['.repeat(100_000));
      await write('long-prompt.quiz.json', module('fixture-long-prompt', { questions: [{ id: 'q', prompt: 'x'.repeat(2 * 1024 * 1024), choices: [{ text: 'a', correct: true }, { text: 'b' }] }] }));
      await write('big-article.quiz.json', module('fixture-big-article', { article: 'big.md' }));
      await write('big.md', '# Big\n' + 'word '.repeat(700_000));
      await write('nested-article.quiz.json', module('fixture-nested-article', { article: 'nested.md' }));
      await write('nested.md', Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'));
      await write('not-json.quiz.json', '\u0000\u0001 not json at all {{{');
      await repository.reload();
      assert.ok(
        repository.get('fixture-good-among-bad'),
        `the good module loads; reports: ${repository.problemReports.map((r) => `${r.uri.path}: ${r.problems.map((p) => p.message).join('; ')}`).join(' | ')}`,
      );
      const reports = new Map(repository.problemReports.filter((r) => r.uri.path.includes('/hostile-files/')).map((r) => [r.uri.path.split('/').pop()!, r.problems]));
      const expected: Record<string, RegExp> = {
        'huge.quiz.json': /module file is 50\.0 MB; a module file may be at most 5\.0 MB/,
        'deep.quiz.json': /nested more than 64 levels/,
        'long-prompt.quiz.json': /"prompt" is 2097152 characters long; it may be at most 20000/,
        'big-article.quiz.json': /article is 3\.4 MB; an article may be at most 2\.0 MB/,
        'nested-article.quiz.json': /nests lists or quotes \d+ levels deep at its line 33/,
        'not-json.quiz.json': /./,
      };
      assert.deepEqual([...reports.keys()].sort(), Object.keys(expected).sort());
      for (const [name, pattern] of Object.entries(expected)) {
        const problems = reports.get(name)!;
        assert.match(problems[0]!.message, pattern, `${name}: ${problems[0]!.message}`);
        for (const problem of problems) assert.ok(problem.line >= 1 && problem.column >= 1, `${name} is located`);
      }
      const diagnostics = await waitFor('the Problems panel entry', () => {
        const found = vscode.languages.getDiagnostics(vscode.Uri.joinPath(folder, 'huge.quiz.json'));
        return found.length > 0 && found;
      });
      assert.equal(diagnostics[0]!.range.start.line, 0);
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
      await repository.reload();
    }
  });
});
