import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import { api, extension, listen, readText, waitFor, workspaceUri, writeFile } from './support';

describe('question banks in VS Code (Import Questions, Export Questions, a pool of 10 from 40)', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('imports the sample bank from GIFT and from Moodle XML into the same module, opened with its preview, and asks 10 of 40', async () => {
    const exports = await api();
    const { repository, previews, panels } = exports;
    const sample = (name: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension().extensionUri, 'sample-workspace', 'banks', name));
    const giftFolder = workspaceUri('bank-gift');
    const xmlFolder = workspaceUri('bank-xml');
    try {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(giftFolder, 'solar-system.gift'), await sample('solar-system.gift'));
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(xmlFolder, 'solar-xml.xml'), await sample('solar-system.xml'));
      assert.equal(await vscode.commands.executeCommand('quizModules.importQuestions', { bank: vscode.Uri.joinPath(giftFolder, 'solar-system.gift') }), true);
      assert.equal(await vscode.commands.executeCommand('quizModules.importQuestions', { bank: vscode.Uri.joinPath(xmlFolder, 'solar-xml.xml') }), true);
      const fromGift = await waitFor('the GIFT module', () => repository.get('solar-system'), 15_000);
      const fromXml = await waitFor('the XML module', () => repository.get('solar-xml'), 15_000);
      assert.equal(fromGift.module.questions.length, 40);
      assert.deepEqual(fromXml.module.questions, fromGift.module.questions, 'the same questions from both formats');
      const moduleUri = vscode.Uri.joinPath(giftFolder, 'solar-system.quiz.json');
      assert.deepEqual(vscode.languages.getDiagnostics(moduleUri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error), []);
      const preview = await waitFor('the preview beside them', () => previews.get(moduleUri), 15_000);
      await preview.settled();
      assert.equal(preview.content?.module.id, 'solar-system');

      // A taken name is refused and nothing is replaced.
      assert.equal(await vscode.commands.executeCommand('quizModules.importQuestions', { bank: vscode.Uri.joinPath(giftFolder, 'solar-system.gift') }), false);

      // A pool: "draw": 10 asks 10 of the 40 questions in a full attempt.
      const text = await readText(moduleUri);
      await writeFile(moduleUri, text.replace('"version": 1,', '"version": 1,\n  "draw": 10,'));
      await waitFor('the module with its pool', () => repository.get('solar-system')?.module.draw === 10 || undefined, 15_000);
      const module = repository.get('solar-system')!.module;
      const panel = await panels.open('solar-system', 'quiz');
      const { lastQuiz, dispose } = listen(panel);
      try {
        await panel.receive({ type: 'ready' });
        await panel.receive({ type: 'start' });
        const asked = new Set<string>();
        for (let i = 0; i < 10; i++) {
          const state = lastQuiz();
          assert.ok(state.phase === 'question', 'a question waits');
          asked.add(state.question.id);
          const question = module.questions.find((q) => q.id === state.question.id)!;
          const keys = choiceKeys(question);
          await panel.receive({ type: 'answer', attemptId: state.attemptId, questionId: question.id, picks: question.choices.flatMap((c, k) => (c.correct ? [keys[k]!] : [])) });
          await panel.receive({ type: 'next', attemptId: state.attemptId });
        }
        assert.equal(asked.size, 10);
        const result = lastQuiz();
        assert.ok(result.phase === 'summary', 'the attempt ends after the 10 drawn questions');
        const finished = exports.store.get('solar-system').attempts.at(-1)!;
        assert.equal(finished.questionOrder.length, 10);
        assert.equal(finished.result?.percent, 100);
      } finally {
        dispose();
      }

      // Export back: GIFT written next to the module.
      const target = vscode.Uri.joinPath(giftFolder, 'exported.gift');
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('quizModules.exportQuestions', { module: moduleUri, format: 'gift', target });
      assert.equal(written?.toString(), target.toString());
      assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)), /^::largest-planet::\[markdown\]Which planet is the largest\? \{$/m);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const folder of [giftFolder, xmlFolder]) await vscode.workspace.fs.delete(folder, { recursive: true }).then(undefined, () => undefined);
      await repository.reload();
    }
  });
});
