import * as vscode from 'vscode';
import type { QuestionInfo } from '../../core/scores/analytics';
import { choiceKeyAt } from '../../core/module/choiceKeys';
import { MAX_EXPORT_BYTES, megabytes } from '../../core/module/limits';
import type { QuizModule } from '../../core/module/moduleModel';
import { addedBy, EXPORT_FORMAT, EXPORT_VERSION, mergeDumps, readExport, type ExportedModule, type ScoresExport } from '../../core/scores/scoresExport';
import { toCsv } from '../../core/scores/scoresCsv';
import { mergeSchedules } from '../../core/schedule/scheduleMerge';
import { toXapi, type XapiActor } from '../../core/xapi/xapi';
import type { ModuleRepository } from '../repository/ModuleRepository';
import type { ProgressStore } from '../stores/ProgressStore';
import type { ScheduleStore } from '../stores/ScheduleStore';

type ExportFormat = 'json' | 'csv' | 'xapi';

/** What `quizModules.exportScores` takes, for keybindings and automation; every field optional. */
export interface ExportArgument {
  readonly format?: ExportFormat;
  /** Where to write; without it a save dialog asks. */
  readonly uri?: vscode.Uri | string;
  /** The xAPI account; without it, a pseudonym made once for this user (see the README). */
  readonly account?: XapiActor;
}

/** What `quizModules.importScores` takes. */
export interface ImportArgument {
  readonly uri?: vscode.Uri | string;
  /** false: merge without the confirmation dialog (automation that already decided). */
  readonly confirm?: boolean;
}

interface TransferServices {
  readonly repository: ModuleRepository;
  readonly store: ProgressStore;
  /** The review schedule: read for export, merged into on import (through its one owner). */
  readonly schedule: ScheduleStore;
  readonly globalState: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
}

/** The account home page of xAPI statements: the system the pseudonymous account lives in. */
const XAPI_HOME_PAGE = 'https://marketplace.visualstudio.com/items?itemName=quizmodules.quiz-modules';
const ACCOUNT_KEY = 'quizModules.xapiAccount';

const encoder = new TextEncoder();

function firstLine(markdown: string): string {
  return (markdown.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();
}

/** A module's questions with their choices by stable key, for the analysis and the exports. */
export function questionInfo(module: QuizModule): QuestionInfo[] {
  return module.questions.map((q) => {
    return {
      id: q.id,
      prompt: firstLine(q.prompt),
      ...(q.section !== undefined ? { section: q.section } : {}),
      choices: q.choices.map((c, i) => ({ key: choiceKeyAt(q, i), text: firstLine(c.text), correct: c.correct })),
    };
  });
}

/** Every module with saved scores, everything saved for it, and the review schedule. */
async function buildExport(services: TransferServices, now = new Date()): Promise<ScoresExport> {
  const { repository, store } = services;
  await repository.known;
  await store.flushed();
  const modules: ExportedModule[] = [];
  for (const moduleId of store.moduleIds()) {
    const dump = await store.dump(moduleId);
    if (dump.attempts.length === 0 && !dump.unreadArchived) continue;
    const loaded = repository.get(moduleId);
    modules.push({
      ...dump,
      ...(loaded ? { title: loaded.module.title, questions: questionInfo(loaded.module) } : {}),
    });
  }
  const schedule = services.schedule.get();
  const hasCards = Object.keys(schedule.cards).length > 0;
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString(), modules, ...(hasCards ? { schedule } : {}) };
}

/** The pseudonymous xAPI account of this user: a random id made once, kept in global state. */
export async function xapiAccount(globalState: vscode.Memento): Promise<XapiActor> {
  let name = globalState.get<unknown>(ACCOUNT_KEY);
  if (typeof name !== 'string' || !/^learner-[0-9a-f-]{36}$/.test(name)) {
    name = `learner-${globalThis.crypto.randomUUID()}`;
    await globalState.update(ACCOUNT_KEY, name);
  }
  return { homePage: XAPI_HOME_PAGE, name: name as string };
}

function asUri(value: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? vscode.Uri.parse(value, true) : value;
}

function defaultFolder(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** `Quiz: Export Scores…`: resolves with the file written, or undefined when cancelled. */
export async function exportScores(services: TransferServices, argument?: ExportArgument): Promise<vscode.Uri | undefined> {
  let format = argument?.format;
  if (format !== undefined && !['json', 'csv', 'xapi'].includes(format)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Unknown export format "{0}": use json, csv or xapi.', String(format)));
    return undefined;
  }
  if (!format) {
    const items: (vscode.QuickPickItem & { format: ExportFormat })[] = [
      { format: 'json', label: vscode.l10n.t('JSON (complete, can be imported)'), detail: vscode.l10n.t('Every attempt and answer and the review schedule, to move your progress to another workspace or machine.') },
      { format: 'csv', label: vscode.l10n.t('CSV (one row per answer)'), detail: vscode.l10n.t('For a spreadsheet.') },
      { format: 'xapi', label: vscode.l10n.t('xAPI statements (JSON)'), detail: vscode.l10n.t('One "answered" statement per answer, for a learning record store; the learner is a pseudonymous account.') },
    ];
    format = (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Export scores as') }))?.format;
    if (!format) return undefined;
  }
  const extension = format === 'csv' ? 'csv' : 'json';
  let target = asUri(argument?.uri);
  if (!target) {
    const folder = defaultFolder();
    const name = format === 'xapi' ? 'quiz-scores.xapi.json' : `quiz-scores.${extension}`;
    target = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: vscode.l10n.t('Export'),
      title: vscode.l10n.t('Export Quiz Scores'),
    });
    if (!target) return undefined;
  }
  const data = await buildExport(services);
  let text: string;
  if (format === 'json') text = `${JSON.stringify(data, null, 2)}\n`;
  else if (format === 'csv') text = toCsv(data);
  else text = `${JSON.stringify(toXapi(data, argument?.account ?? (await xapiAccount(services.globalState)), vscode.env.language, vscode.workspace.getConfiguration('quizModules.lrs').get<string>('activityBase') || undefined), null, 2)}\n`;
  await vscode.workspace.fs.writeFile(target, encoder.encode(text));
  const answers = data.modules.reduce((n, m) => n + m.attempts.reduce((k, a) => k + Object.keys(a.answers).length, 0), 0);
  services.log.info(`Exported ${data.modules.length} modules, ${answers} answers as ${format} to ${target.toString(true)}.`);
  void vscode.window.showInformationMessage(
    data.modules.length === 1
      ? vscode.l10n.t('Exported the scores of 1 module ({0} answers) to {1}.', answers, target.path.split('/').pop() ?? '')
      : vscode.l10n.t('Exported the scores of {0} modules ({1} answers) to {2}.', data.modules.length, answers, target.path.split('/').pop() ?? ''),
  );
  return target;
}

/** What an import added, per module. */
interface ImportOutcome {
  readonly modules: readonly { readonly moduleId: string; readonly attempts: number }[];
  readonly scheduleCards: number;
}

/** An import refused before anything changed, with the reason the user was shown. */
interface ImportRefusal {
  readonly refused: string;
}

/**
 * `Quiz: Import Scores…`: reads an export, shows what it will add, and merges it. Resolves with
 * what was added; with the reason when the file was refused (nothing changed); undefined when
 * cancelled or when the file holds nothing new.
 */
export async function importScores(services: TransferServices, argument?: ImportArgument): Promise<ImportOutcome | ImportRefusal | undefined> {
  const { store, repository, schedule, log } = services;
  let source = asUri(argument?.uri);
  if (!source) {
    const folder = defaultFolder();
    source = (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { JSON: ['json'] },
        openLabel: vscode.l10n.t('Import'),
        title: vscode.l10n.t('Import Quiz Scores'),
        ...(folder ? { defaultUri: folder } : {}),
      })
    )?.[0];
    if (!source) return undefined;
  }
  const name = source.path.split('/').pop() ?? source.toString();
  const refuse = (reason: string): ImportRefusal => {
    log.warn(`Import of ${source.toString(true)} refused: ${reason}.`);
    void vscode.window.showErrorMessage(vscode.l10n.t('"{0}" was not imported: {1}. Nothing was changed.', name, reason));
    return { refused: reason };
  };
  let parsed: unknown;
  try {
    // Its size first: a file over the limit is never read into memory.
    const stat = await vscode.workspace.fs.stat(source);
    if ((stat.type & vscode.FileType.File) === 0) return refuse(vscode.l10n.t('it is not a file'));
    if (stat.size > MAX_EXPORT_BYTES) {
      return refuse(vscode.l10n.t('it is {0} MB, more than the {1} MB an import takes', megabytes(stat.size), megabytes(MAX_EXPORT_BYTES)));
    }
    parsed = JSON.parse(new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(source)));
  } catch (error) {
    return refuse(error instanceof SyntaxError ? vscode.l10n.t('it is not JSON') : error instanceof Error ? error.message : String(error));
  }
  const read = readExport(parsed);
  if (!read.ok) return refuse(read.reason);
  await repository.known;
  const plan: { module: ExportedModule; attempts: number; answers: number }[] = [];
  for (const module of read.value.modules) {
    const base = await store.dump(module.moduleId);
    if (mergeDumps(base, module) !== base) plan.push({ module, ...addedBy(base, module) });
  }
  const currentSchedule = schedule.get();
  const mergedSchedule = mergeSchedules(currentSchedule, read.value.schedule);
  const scheduleCards = mergedSchedule === currentSchedule ? 0 : Object.keys(read.value.schedule?.cards ?? {}).filter((k) => mergedSchedule?.cards[k] !== currentSchedule?.cards[k]).length;
  const planned = plan.filter((p) => p.attempts > 0);
  if (planned.length === 0 && scheduleCards === 0 && plan.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" holds nothing that this workspace does not have already.', name));
    return undefined;
  }
  if (argument?.confirm !== false) {
    const lines = planned.map((p) => {
      const title = repository.get(p.module.moduleId)?.module.title ?? p.module.title ?? p.module.moduleId;
      return p.attempts === 1
        ? vscode.l10n.t('{0}: 1 attempt ({1} answers)', title, p.answers)
        : vscode.l10n.t('{0}: {1} attempts ({2} answers)', title, p.attempts, p.answers);
    });
    if (scheduleCards > 0) lines.push(vscode.l10n.t('Review schedule: {0} questions', scheduleCards));
    const importLabel = vscode.l10n.t('Import');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t('Add these scores from "{0}" to this workspace?', name),
      { modal: true, detail: `${lines.join('\n')}\n\n${vscode.l10n.t('Scores already here are kept; attempts already here are not added twice.')}` },
      importLabel,
    );
    if (answer !== importLabel) return undefined;
  }
  const outcome: { moduleId: string; attempts: number }[] = [];
  for (const p of plan) {
    const added = await store.importDump(p.module);
    outcome.push({ moduleId: p.module.moduleId, attempts: added });
  }
  if (mergedSchedule && mergedSchedule !== currentSchedule) {
    // Merged into the book as it is when the write comes: a review may have rescheduled a card
    // meanwhile. The store keeps an unreadable saved book aside before it writes.
    await schedule.update((latest) => mergeSchedules(latest, read.value.schedule) ?? latest);
  }
  const total = outcome.reduce((n, o) => n + o.attempts, 0);
  log.info(`Imported ${total} attempts in ${outcome.length} modules and ${scheduleCards} schedule cards from ${source.toString(true)}.`);
  const modules = outcome.filter((o) => o.attempts > 0).length;
  void vscode.window.showInformationMessage(
    total === 1
      ? vscode.l10n.t('Imported 1 attempt.')
      : modules === 1
        ? vscode.l10n.t('Imported {0} attempts into 1 module.', total)
        : vscode.l10n.t('Imported {0} attempts into {1} modules.', total, modules),
  );
  return { modules: outcome, scheduleCards };
}
