/**
 * One entry for importing a bank and one for exporting a module, shared by the command line
 * and the extension. Checks run before parsing: the size, the encoding, the format.
 */
import { english, type Translate } from '../util/translate';
import type { QuizModule } from '../module/moduleModel';
import { finishModuleCheck } from '../checks/moduleCheck';
import type { ModuleProblem } from '../checks/problems';
import { validateModuleText } from '../checks/validateModule';
import { buildModuleFiles, idFromName, MAX_BANK_BYTES, type BankFormat, type BankNote, type BankRead, type ModuleFiles } from './bankModel';
import { readGift, writeGift } from './gift';
import { readMdbookQuiz } from './mdbookQuiz';
import { readMoodleXml, writeMoodleXml } from './moodleXml';

export type ExportFormat = 'gift' | 'moodle-xml';

/** The format a file name says, or undefined. */
export function bankFormatOf(fileName: string): BankFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.gift') || lower.endsWith('.gift.txt')) return 'gift';
  if (lower.endsWith('.xml')) return 'moodle-xml';
  if (lower.endsWith('.toml')) return 'mdbook-quiz';
  return undefined;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The file's name without its bank extension: "rivers.gift" → "rivers". */
function stem(fileName: string): string {
  return baseName(fileName).replace(/(\.gift)?\.(gift|txt|xml|toml)$/i, '');
}

export type ImportResult = ({ readonly ok: true } & ModuleFiles) | { readonly ok: false; readonly errors: readonly BankNote[]; readonly notes: readonly BankNote[] };

function failure(where: string, message: string, notes: readonly BankNote[] = []): ImportResult {
  return { ok: false, errors: [{ severity: 'error', where, message }], notes };
}

/** Text of a bank file: UTF-8 only (a byte-order mark is allowed); anything else is an error. */
export function decodeBank(bytes: Uint8Array, file: string, t: Translate = english): { text: string } | { error: string } {
  if (bytes.byteLength > MAX_BANK_BYTES)
    return { error: t('{0}: the file is {1} MB; a question bank may be at most {2} MB. Split it into smaller files.', file, (bytes.byteLength / 1048576).toFixed(1), MAX_BANK_BYTES / 1048576) };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { error: t('{0}: the file is UTF-16; save it as UTF-8 and import it again.', file) };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { error: t('{0}: the file is not UTF-8 text; save it as UTF-8 and import it again.', file) };
  }
}

/**
 * A bank's bytes to a module and an article stub (nothing written here). `file` names the bank
 * in messages; the module id and title come from its name unless given.
 */
export function importBank(
  bytes: Uint8Array,
  file: string,
  options: { readonly format?: BankFormat; readonly id?: string; readonly title?: string } = {},
  t: Translate = english,
): ImportResult {
  const name = baseName(file);
  const format = options.format ?? bankFormatOf(name);
  if (!format) return failure(name, t('the format is not known from the file name: name a GIFT file .gift or .txt, a Moodle XML file .xml, an mdbook-quiz file .toml.'));
  const decoded = decodeBank(bytes, name, t);
  if ('error' in decoded) return failure(name, decoded.error);
  let read: BankRead;
  // Notes name the file as the caller named it, so an editor or a terminal can open the spot.
  if (format === 'gift') read = readGift(decoded.text, file, t);
  else if (format === 'moodle-xml') read = readMoodleXml(decoded.text, file, t);
  else read = readMdbookQuiz(decoded.text, file, t);
  const id = options.id ?? idFromName(stem(name)) ?? 'imported-questions';
  const title = options.title ?? (stem(name).replace(/[-_]+/g, ' ').trim() || 'Imported questions');
  const built = buildModuleFiles(read, { id, title, source: name }, t);
  if ('errors' in built) return { ok: false, errors: built.errors, notes: read.notes.filter((n) => n.severity !== 'error') };
  return { ok: true, ...built };
}

export function exportModule(module: QuizModule, format: ExportFormat): string {
  return format === 'gift' ? writeGift(module) : writeMoodleXml(module);
}

/** "Kept 38 questions, skipped 2." */
export function keptSkippedLine(kept: number, skipped: number, t: Translate = english): string {
  return t('Kept {0} questions, skipped {1}.', kept, skipped);
}

/**
 * What `validate` says of the files an import would write: the module format, the article's
 * sections and the content lint. An import writes nothing when this holds an error.
 */
export function checkImported(files: ModuleFiles, t: Translate = english): ModuleProblem[] {
  const validation = validateModuleText(files.moduleText, files.moduleFileName, t);
  if (!validation.module) return [...validation.problems];
  return finishModuleCheck({
    module: validation.module,
    validation,
    text: files.moduleText,
    file: files.moduleFileName,
    article: { kind: 'text', markdown: files.articleText },
    t,
  }).problems;
}
