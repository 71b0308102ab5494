/**
 * `quiz-modules convert`: a question bank (GIFT, Moodle XML, mdbook-quiz TOML) to a module and
 * its article stub, or a module to GIFT or Moodle XML. Nothing is written unless all of it can be:
 * the files are written under temporary names and renamed into place together.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_BANK_BYTES } from '../core/banks/bankModel';
import { checkImported, exportModule, importBank, keptSkippedLine, type ExportFormat } from '../core/banks/convertBank';
import { MAX_MODULE_FILE_BYTES } from '../core/module/limits';
import { validateModuleText } from '../core/checks/validateModule';

export const CONVERT_USAGE = `Usage: quiz-modules convert <bank.gift|bank.xml|quiz.toml> --out <folder> [--id ID] [--title TITLE] [--force]
       quiz-modules convert <module.quiz.json> --to gift|moodle-xml [--out FILE]

A bank becomes <folder>/<id>.quiz.json and <folder>/<id>.md (the article stub); each question
that cannot be kept (numeric, matching, short answer, essay, cloze…) is listed with its line
and why. A module becomes GIFT or Moodle XML, printed or written to --out.`;

interface ConvertOptions {
  source?: string;
  out?: string;
  to?: ExportFormat;
  id?: string;
  title?: string;
  force: boolean;
}

function parse(args: readonly string[]): ConvertOptions | string {
  const options: ConvertOptions = { force: false };
  for (let i = 0; i < args.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < args.length
    const arg = args[i]!;
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${arg} needs a value.`);
      return next;
    };
    try {
      if (arg === '--out') options.out = value();
      else if (arg === '--id') options.id = value();
      else if (arg === '--title') options.title = value();
      else if (arg === '--force') options.force = true;
      else if (arg === '--to') {
        const to = value();
        if (to !== 'gift' && to !== 'moodle-xml') return `--to takes gift or moodle-xml, not ${to}.`;
        options.to = to;
      } else if (arg === '--help' || arg === '-h') return CONVERT_USAGE;
      else if (arg.startsWith('--')) return `Unknown option "${arg}".\n\n${CONVERT_USAGE}`;
      else if (options.source === undefined) options.source = arg;
      else return `Name one file to convert.\n\n${CONVERT_USAGE}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
  return options;
}

function readLimited(file: string, maxBytes: number, err: (line: string) => void): Uint8Array | undefined {
  if (!existsSync(file) || !statSync(file).isFile()) {
    err(`${file}: no such file.`);
    return undefined;
  }
  const size = statSync(file).size;
  if (size > maxBytes) {
    err(`${file}: the file is ${(size / 1048576).toFixed(1)} MB; at most ${(maxBytes / 1048576).toFixed(0)} MB can be converted.`);
    return undefined;
  }
  return readFileSync(file);
}

/** Writes every file or none: temporary names first, then renames; a failure removes what was placed. */
export function writeAllOrNothing(files: ReadonlyArray<{ readonly path: string; readonly text: string }>): void {
  const stamp = `${process.pid}-${Date.now()}`;
  const temps = files.map((f) => `${f.path}.${stamp}.tmp`);
  const placed: string[] = [];
  try {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- temps is files mapped, index for index
    files.forEach((f, i) => writeFileSync(temps[i]!, f.text, { flag: 'wx' }));
    files.forEach((f, i) => {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- temps is files mapped, index for index
      renameSync(temps[i]!, f.path);
      placed.push(f.path);
    });
  } catch (error) {
    for (const file of [...temps, ...placed]) rmSync(file, { force: true });
    throw error;
  }
}

export function runConvert(args: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  const options = parse(args);
  if (typeof options === 'string') {
    (options === CONVERT_USAGE ? out : err)(options);
    return options === CONVERT_USAGE ? 0 : 2;
  }
  if (!options.source) {
    err(`Name the file to convert.\n\n${CONVERT_USAGE}`);
    return 2;
  }
  const source = options.source;
  if (source.toLowerCase().endsWith('.quiz.json')) {
    if (!options.to) {
      err(`Say which format to write: --to gift or --to moodle-xml.\n\n${CONVERT_USAGE}`);
      return 2;
    }
    const data = readLimited(source, MAX_MODULE_FILE_BYTES, err);
    if (!data) return 1;
    const validation = validateModuleText(new TextDecoder().decode(data), source);
    if (!validation.module) {
      for (const p of validation.problems.filter((p) => p.severity === 'error')) err(`${p.file}:${p.line}:${p.column}: error: ${p.message}`);
      return 1;
    }
    const text = exportModule(validation.module, options.to);
    if (options.out) {
      if (existsSync(options.out) && !options.force) {
        err(`${options.out} exists; add --force to replace it.`);
        return 1;
      }
      writeAllOrNothing([{ path: options.out, text }]);
      err(`Wrote ${options.out}: ${validation.module.questions.length} questions.`);
    } else out(text);
    return 0;
  }
  if (!options.out) {
    err(`Say where to write the module: --out <folder>.\n\n${CONVERT_USAGE}`);
    return 2;
  }
  const data = readLimited(source, MAX_BANK_BYTES, err);
  if (!data) return 1;
  const started = Date.now();
  const result = importBank(data, source, { ...(options.id ? { id: options.id } : {}), ...(options.title ? { title: options.title } : {}) });
  for (const note of result.notes) if (note.severity !== 'error') err(`${note.where}: warning: ${note.message}`);
  if (!result.ok) {
    for (const e of result.errors) err(`${e.where}: error: ${e.message}`);
    err('No module was written.');
    return 1;
  }
  const moduleFile = path.join(options.out, result.moduleFileName);
  const articleFile = path.join(options.out, result.articleFileName);
  const problems = checkImported(result).map((p) => ({ ...p, file: moduleFile }));
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    for (const p of errors) err(`${p.file}:${p.line}:${p.column}: error: ${p.message}`);
    err('No module was written.');
    return 1;
  }
  const existing = [moduleFile, articleFile].filter((f) => existsSync(f));
  if (existing.length > 0 && !options.force) {
    err(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; add --force to replace, or --id to choose another name. No module was written.`);
    return 1;
  }
  mkdirSync(options.out, { recursive: true });
  if (options.force) for (const f of existing) rmSync(f);
  writeAllOrNothing([
    { path: articleFile, text: result.articleText },
    { path: moduleFile, text: result.moduleText },
  ]);
  // The bank's own questions may draw content-lint advice: shown, never silenced.
  for (const p of problems) out(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}${p.rule ? ` (${p.rule})` : ''}`);
  out(`Wrote ${moduleFile} and ${articleFile}. ${keptSkippedLine(result.kept, result.skipped)} (${Date.now() - started} ms)`);
  return 0;
}
