/**
 * The frame of a bench program that runs inside the extension host (started as the "tests" of
 * an extension development window by test/vscode/benchHost.ts): the extension's services once
 * its modules are loaded, a failure said as a row rather than lost, and the end always marked,
 * so the bench outside never waits for a program that stopped.
 */
import * as vscode from 'vscode';
import type { QuizModulesTestApi } from '../../src/extension';
import { DONE_MARKER, emit } from './rows';

/** Runs `bench` with the extension's services; if it throws, prints `failed` as a row of `section`. */
export async function benchInHost(section: string, failed: string, bench: (api: QuizModulesTestApi) => Promise<void>): Promise<void> {
  try {
    const extension = vscode.extensions.getExtension<QuizModulesTestApi>('quizmodules.quiz-modules');
    if (!extension) throw new Error('Quiz Modules is not installed');
    const api = await extension.activate();
    if (!api) throw new Error('activate() handed out no services (not in test mode)');
    await api.repository.ready;
    await bench(api);
  } catch (error) {
    emit(section, failed, '-', error instanceof Error ? error.message : String(error));
  } finally {
    console.log(DONE_MARKER);
  }
}
