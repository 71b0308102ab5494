/**
 * Helpers the integration suites share: the extension's services, what a page is sent, files
 * written into the fixture workspace, and waiting for something the host does in its own time.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { choiceKeys } from '../../src/core/module/choiceKeys';
import type { QuizModule } from '../../src/core/module/moduleModel';
import type { QuizModulesTestApi } from '../../src/extension';
import type { QuizState, ToModulePageMessage } from '../../src/protocol/modulePage';
import type { ReviewPageState, ToReviewPageMessage } from '../../src/protocol/reviewPage';

/** A message to the module page or the review page: the tests listen to both alike. */
type PageMessage = ToModulePageMessage | ToReviewPageMessage;

export const EXTENSION_ID = 'quizmodules.quiz-modules';
export const BUNDLED_ID = 'tokayev-beijing-2019';

/** Quiz Modules as this extension host has it installed. */
export function extension(): vscode.Extension<QuizModulesTestApi> {
  const installed = vscode.extensions.getExtension<QuizModulesTestApi>(EXTENSION_ID);
  assert.ok(installed, `extension ${EXTENSION_ID} is installed`);
  return installed;
}

/**
 * The extension's services, once it is active and its modules are loaded. Nothing is kept
 * between calls on purpose: every suite (and every file mocha loads, before any test runs) asks
 * when it needs them, so the extension is activated by the first test that runs, whichever file
 * it is in, and each call waits for the load that is current then (a suite that changed the
 * files or the settings may have started a new one).
 */
export async function api(): Promise<QuizModulesTestApi> {
  const exports = await extension().activate();
  assert.ok(exports, 'activate() hands its services out in ExtensionMode.Test');
  await exports.repository.ready;
  return exports;
}

/**
 * Polls `probe` until it gives a value (neither undefined nor false), or fails naming `what`
 * after the timeout.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Sent<K extends PageMessage['type']> = Extract<PageMessage, { type: K }>;

/** What a page (the module page or the review) was sent, from the moment it is listened to. */
export interface Listener {
  readonly messages: PageMessage[];
  /** The first message of a type. */
  first<K extends PageMessage['type']>(type: K): Sent<K> | undefined;
  /** The quiz state sent last; fails if none was. */
  lastQuiz(): QuizState | ReviewPageState;
  errors(): Sent<'error'>[];
  dispose(): void;
}

export function listen(source: { onDidPost: vscode.Event<PageMessage> }): Listener {
  const messages: PageMessage[] = [];
  const subscription = source.onDidPost((m) => messages.push(m));
  return {
    messages,
    first: <K extends PageMessage['type']>(type: K) => messages.find((m): m is Sent<K> => m.type === type),
    lastQuiz() {
      const quiz = [...messages].reverse().find((m): m is Sent<'quiz'> => m.type === 'quiz');
      assert.ok(quiz, 'a quiz state was sent');
      return quiz.quiz;
    },
    errors: () => messages.filter((m): m is Sent<'error'> => m.type === 'error'),
    dispose: () => subscription.dispose(),
  };
}

/**
 * Opens a module's quiz page on a clean record (its scores reset), recording what the page is
 * sent; with the extension's services, for what the test checks next.
 */
export async function openClean(moduleId: string) {
  const exports = await api();
  await exports.store.reset(moduleId);
  const panel = await exports.panels.open(moduleId, 'quiz');
  return { ...exports, panel, recorder: listen(panel) };
}

/** The keys of the right choices of a question (`right`), or of its first wrong one. */
export function picksFor(module: QuizModule, questionId: string, right: boolean): string[] {
  const question = module.questions.find((q) => q.id === questionId)!;
  const keys = choiceKeys(question);
  const picks = question.choices.flatMap((c, i) => (c.correct === right ? [keys[i]!] : []));
  return right ? picks : picks.slice(0, 1);
}

/** A place in the fixture workspace (a copy made for this run). */
export function workspaceUri(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run in a workspace');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Writes a file through VS Code's file system (so its watchers hear of it); text as UTF-8. */
export function writeFile(uri: vscode.Uri, content: string | Uint8Array): Thenable<void> {
  return vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
}

/** Writes a module file as an author would save it: JSON, two spaces an indent. */
export function writeModule(uri: vscode.Uri, module: unknown): Thenable<void> {
  return writeFile(uri, JSON.stringify(module, null, 2));
}

/** workspaceState as a map, for a service made in a test that must share nothing with the extension's own. */
export class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  update(key: string, value: unknown): Thenable<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
}

/** Reads a file through VS Code's file system, as UTF-8 text. */
export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Collects the warnings the extension shows while it runs (its warn path logs and shows them). */
export function captureWarnings(into: string[]): vscode.Disposable {
  const original = vscode.window.showWarningMessage;
  (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string, ...rest: unknown[]) => {
    into.push(message);
    return (original as (...args: unknown[]) => Thenable<unknown>).call(vscode.window, message, ...rest);
  };
  return { dispose: () => void ((vscode.window as { showWarningMessage: unknown }).showWarningMessage = original) };
}
