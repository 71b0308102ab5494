/**
 * `Quiz: Import Questions…` (a GIFT, Moodle XML or mdbook-quiz bank to a module and its article
 * stub, opened with the preview beside them) and `Quiz: Export Questions…` (a module file to GIFT
 * or Moodle XML). The converting is core's; this file only asks, reads and writes, all or nothing.
 */
import * as vscode from 'vscode';
import { uriExists } from '../repository/uriExists';
import { MAX_BANK_BYTES } from '../../core/banks/bankModel';
import type { ExportFormat } from '../../core/banks/convertBank';
import { loadBankConverters } from './bankConvertersLoader';
import { isError } from '../../core/checks/problems';
import { validateModuleText } from '../../core/checks/validateModule';
import type { ModuleRepository } from '../repository/ModuleRepository';

interface BankServices {
  readonly repository: ModuleRepository;
  readonly log: vscode.LogOutputChannel;
}

/** Imports a bank; true when the module was written. `argument` lets tests skip the dialogs. */
export async function importQuestions(services: BankServices, argument?: { readonly bank?: vscode.Uri; readonly folder?: vscode.Uri }): Promise<boolean> {
  const { repository, log } = services;
  let bank = argument?.bank;
  if (!bank) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { [vscode.l10n.t('Question banks (GIFT, Moodle XML, mdbook-quiz)')]: ['gift', 'txt', 'xml', 'toml'] },
      openLabel: vscode.l10n.t('Import Questions'),
      ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
    });
    bank = picked?.[0];
  }
  if (!bank) return false;
  const fail = (message: string) => {
    void vscode.window.showErrorMessage(vscode.l10n.t('No questions were imported: {0}', message));
    return false;
  };
  let data: Uint8Array;
  try {
    if ((await vscode.workspace.fs.stat(bank)).size > MAX_BANK_BYTES) return fail(vscode.l10n.t('the file is larger than {0} MB.', MAX_BANK_BYTES / 1048576));
    data = await vscode.workspace.fs.readFile(bank);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const name = bank.path.split('/').pop() ?? 'bank';
  const { importBank, checkImported, keptSkippedLine } = loadBankConverters();
  const result = importBank(data, name, {}, vscode.l10n.t);
  log.info(`Importing ${bank.toString(true)}`);
  for (const note of result.notes) if (note.severity !== 'error') log.warn(`${note.where}: ${note.message}`);
  if (!result.ok) {
    for (const e of result.errors) log.error(`${e.where}: ${e.message}`);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a failed import carries at least one error (convertBank gives each failure one)
    return fail(`${result.errors[0]!.where}: ${result.errors[0]!.message}`);
  }
  const problems = checkImported(result, vscode.l10n.t);
  const firstError = problems.find(isError);
  if (firstError) return fail(`${firstError.line}:${firstError.column}: ${firstError.message}`);
  const folder = argument?.folder ?? vscode.Uri.joinPath(bank, '..');
  const moduleUri = vscode.Uri.joinPath(folder, result.moduleFileName);
  const articleUri = vscode.Uri.joinPath(folder, result.articleFileName);
  if (repository.get(result.id) || (await uriExists(moduleUri)) || (await uriExists(articleUri)))
    return fail(vscode.l10n.t('a module "{0}" or its files already exist; rename the bank file and import it again.', result.id));
  const encoder = new TextEncoder();
  try {
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.writeFile(articleUri, encoder.encode(result.articleText));
    try {
      await vscode.workspace.fs.writeFile(moduleUri, encoder.encode(result.moduleText));
    } catch (error) {
      // The article alone would be a partial import: it goes too.
      await vscode.workspace.fs.delete(articleUri).then(undefined, () => undefined);
      throw error;
    }
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const summary = keptSkippedLine(result.kept, result.skipped, vscode.l10n.t);
  log.info(summary);
  await repository.reload();
  await vscode.window.showTextDocument(articleUri, { preview: false, viewColumn: vscode.ViewColumn.One });
  await vscode.window.showTextDocument(moduleUri, { preview: false, viewColumn: vscode.ViewColumn.One });
  if (repository.get(result.id)) await vscode.commands.executeCommand('quizModules.previewModule', moduleUri);
  void vscode.window.showInformationMessage(
    result.skipped > 0 ? vscode.l10n.t('{0} The skipped questions are listed in the Quiz Modules output.', summary) : summary,
  );
  return true;
}

/** Exports a module file; returns the file written, or undefined. */
export async function exportQuestions(
  services: BankServices,
  argument?: vscode.Uri | { readonly module: vscode.Uri; readonly format: ExportFormat; readonly target: vscode.Uri },
): Promise<vscode.Uri | undefined> {
  const moduleUri = argument instanceof vscode.Uri ? argument : argument?.module ?? vscode.window.activeTextEditor?.document.uri;
  if (!moduleUri || !moduleUri.path.endsWith('.quiz.json')) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a module file (.quiz.json) to export its questions.'));
    return undefined;
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(moduleUri));
  const validation = validateModuleText(text, moduleUri.path, vscode.l10n.t);
  if (!validation.module) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The module has errors; fix them (see the Problems panel) and export again.'));
    return undefined;
  }
  let format: ExportFormat | undefined = argument && !(argument instanceof vscode.Uri) ? argument.format : undefined;
  if (!format) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'GIFT', description: vscode.l10n.t('Moodle plain-text format; no points or hints'), format: 'gift' as const },
        { label: 'Moodle XML', description: vscode.l10n.t('with points and hints'), format: 'moodle-xml' as const },
      ],
      { title: vscode.l10n.t('Export Questions') },
    );
    format = picked?.format;
  }
  if (!format) return undefined;
  const base = moduleUri.path.slice(moduleUri.path.lastIndexOf('/') + 1).replace(/\.quiz\.json$/, '');
  let target = argument && !(argument instanceof vscode.Uri) ? argument.target : undefined;
  target ??= await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(moduleUri, '..', `${base}.${format === 'gift' ? 'gift' : 'xml'}`),
    title: vscode.l10n.t('Export Questions'),
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(loadBankConverters().exportModule(validation.module, format)));
  const count = validation.module.questions.length;
  services.log.info(`Exported ${count} questions of "${validation.module.id}" to ${target.toString(true)}.`);
  const written = target;
  const open = vscode.l10n.t('Open File');
  const name = written.path.split('/').pop() ?? written.path;
  void vscode.window
    .showInformationMessage(count === 1 ? vscode.l10n.t('Exported 1 question to {0}.', name) : vscode.l10n.t('Exported {0} questions to {1}.', count, name), open)
    .then((choice) => (choice === open ? vscode.window.showTextDocument(written) : undefined));
  return target;
}
