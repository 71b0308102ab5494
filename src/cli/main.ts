/**
 * `quiz-modules validate <files or folders>`: the extension's own checks, for an authors' CI.
 * `quiz-modules report <exports>`: the scores exports of a class merged into one table.
 * No VS Code API: the same core validates the module files, their articles and the content lint.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { MAX_ARTICLE_BYTES, MAX_EXPORT_BYTES, MAX_MODULE_FILE_BYTES, megabytes } from '../core/module/limits';
import { finishModuleCheck, type ArticleRead } from '../core/checks/moduleCheck';
import { renderExtras } from '../core/markdown/renderExtras';
import { articleSizeProblem } from '../core/checks/article';
import { problemAt, type ModuleProblem } from '../core/checks/problems';
import { validateModuleText } from '../core/checks/validateModule';
import { classReport, reportCsv, reportMarkdown } from '../core/scores/classReport';
import { readExport, type ScoresExport } from '../core/scores/scoresExport';
import { lrsReportArguments, runLrsReport } from './lrsReport';

type Format = 'text' | 'json' | 'github';

interface Options {
  readonly targets: string[];
  readonly format: Format;
  readonly strict: boolean;
  readonly ignore: string[];
}

const USAGE = `Usage: quiz-modules validate [--strict] [--format text|json|github] [--ignore rule,...] <file or folder>...
       quiz-modules report [--format markdown|csv] <exported scores JSON>...
       quiz-modules report --lrs <xAPI endpoint> [--format markdown|csv]   (key and secret in QUIZ_LRS_KEY, QUIZ_LRS_SECRET)

validate: checks every *.quiz.json file given, or found under the folders given (not in
node_modules or dot-folders): the module format, its limits, the article next to it and the
content lint. Prints path:line:col: error|warning|info: message (rule). Exits 1 when there is an
error (or, with --strict, a warning), 2 when the command line is wrong.

report: merges the files written by "Quiz: Export Scores…" (JSON) of a whole class into one
table, a row per question: learners, answers, the share right at the first try, and the wrong
choice picked most with its share. Exits 1 when a file is not such an export.`;

const NO_EXPORT = `quiz-modules export is not available: the scores live in VS Code's workspace state, a database
that VS Code owns and keeps open, which no other program can read safely. Export them from
VS Code with "Quiz: Export Scores…" (JSON, CSV or xAPI), then merge a class's JSON exports with
"quiz-modules report".`;

/** \`quiz-modules report\`: reads every export (all or nothing) and prints one table. */
function runReport(args: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  let format: 'markdown' | 'csv' = 'markdown';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < args.length
    const arg = args[i]!;
    if (arg === '--format') {
      const value = args[++i];
      if (value !== 'markdown' && value !== 'csv') {
        err(`--format takes markdown or csv, not ${value ?? 'nothing'}.`);
        return 2;
      }
      format = value;
    } else if (arg.startsWith('--')) {
      err(`Unknown option "${arg}".\n\n${USAGE}`);
      return 2;
    } else files.push(arg);
  }
  if (files.length === 0) {
    err(`Name at least one exported scores file.\n\n${USAGE}`);
    return 2;
  }
  const exports: ScoresExport[] = [];
  let failed = false;
  for (const file of files) {
    let raw: unknown;
    try {
      const kind = notAFile(file);
      if (kind) throw new Error(`it is ${kind}, not a file`);
      const size = statSync(file).size;
      if (size > MAX_EXPORT_BYTES) throw new Error(`it is ${megabytes(size)} MB, more than the ${megabytes(MAX_EXPORT_BYTES)} MB an export may be`);
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      err(`${file}: ${error instanceof SyntaxError ? 'not JSON' : error instanceof Error ? error.message : String(error)}.`);
      failed = true;
      continue;
    }
    const read = readExport(raw);
    if (!read.ok) {
      err(`${file}: ${read.reason}.`);
      failed = true;
      continue;
    }
    exports.push(read.value);
  }
  if (failed) return 1;
  const rows = classReport(exports);
  const text = format === 'csv' ? reportCsv(rows) : reportMarkdown(rows, exports.length);
  out(text.replace(/\r?\n$/, ''));
  return 0;
}

function parseArguments(argv: readonly string[]): Options | string {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) return USAGE;
  if (command !== 'validate') return `Unknown command "${command}".\n\n${USAGE}`;
  const targets: string[] = [];
  let format: Format = 'text';
  let strict = false;
  const ignore: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < rest.length
    const arg = rest[i]!;
    if (arg === '--strict') strict = true;
    else if (arg === '--format') {
      const value = rest[++i];
      if (value !== 'text' && value !== 'json' && value !== 'github') return `--format takes text, json or github, not ${value ?? 'nothing'}.`;
      format = value;
    } else if (arg === '--ignore') {
      ignore.push(...(rest[++i] ?? '').split(',').filter(Boolean));
    } else if (arg.startsWith('--')) return `Unknown option "${arg}".\n\n${USAGE}`;
    else targets.push(arg);
  }
  if (targets.length === 0) return `Name at least one file or folder.\n\n${USAGE}`;
  return { targets, format, strict, ignore };
}

/**
 * What a path is when it is not a regular file ("a folder", "a FIFO", ...), following a symbolic
 * link; undefined for a regular file. Asked before any read: reading a FIFO waits forever, a
 * folder throws EISDIR.
 */
function notAFile(file: string, stats: Stats = statSync(file)): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** True when `target` (a real path) is `root` or lies under it. */
function within(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A module file found, or a path named like one that cannot be checked, with the reason. */
type Found = { readonly file: string; readonly root: string } | { readonly file: string; readonly problem: string; readonly severity?: 'warning' };

/**
 * Every `*.quiz.json` under a folder (not in node_modules or dot-folders). Symbolic links are
 * followed only when they lead inside `root`, the folder given on the command line; each folder
 * is walked once, so a link loop ends.
 */
function moduleFilesUnder(folder: string, root = realpathSync(folder), walked = new Set<string>()): Found[] {
  const real = realpathSync(folder);
  if (walked.has(real)) return [];
  walked.add(real);
  const found: Found[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(folder, entry.name);
    const named = entry.name.endsWith('.quiz.json');
    let stats: Stats;
    try {
      if (entry.isSymbolicLink()) {
        const target = realpathSync(full);
        if (!within(root, target)) {
          if (named) found.push({ file: full, problem: `it is a link to ${target}, outside the folder given, so it was not followed`, severity: 'warning' });
          continue;
        }
      }
      stats = statSync(full);
    } catch (error) {
      if (named) found.push({ file: full, problem: `it could not be read (${error instanceof Error ? error.message : String(error)})` });
      continue;
    }
    if (stats.isDirectory()) found.push(...moduleFilesUnder(full, root, walked));
    else if (named) {
      const kind = notAFile(full, stats);
      found.push(kind ? { file: full, problem: `it is ${kind}, not a module file` } : { file: full, root });
    }
  }
  return found;
}

/** A problem for a whole file that could not be checked. */
function fileProblem(file: string, message: string, severity: ModuleProblem['severity'] = 'error'): Checked {
  return { file, text: '', problems: [{ ...problemAt('', file, { offset: 0, length: 0 }, `Module: ${message}.`), severity }] };
}

interface Checked {
  readonly file: string;
  readonly id?: string;
  /** Where the id is written, worked out only when another module has the same id. */
  readonly idSpan?: () => { offset: number; length: number } | undefined;
  readonly text: string;
  readonly problems: ModuleProblem[];
}

/**
 * Every check the extension makes on one module file and its article. Whatever stops a file
 * from being read (a folder, a FIFO, a device, no permission) is a problem of that file; the
 * article is read only when it is a regular file inside `root` (links out are not followed).
 */
export function checkFile(file: string, ignore: readonly string[] = [], root = path.dirname(file)): Checked {
  let text: string;
  try {
    const kind = notAFile(file);
    if (kind) return fileProblem(file, `it is ${kind}, not a module file`);
    const size = statSync(file).size;
    if (size > MAX_MODULE_FILE_BYTES) {
      const validation = validateModuleText('', file, undefined, { byteLength: size });
      return { file, text: '', problems: [...validation.problems] };
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fileProblem(file, `it could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const validation = validateModuleText(text, file);
  const module = validation.module;
  if (!module) return { file, text, problems: [...validation.problems] };
  let article: ArticleRead = { kind: 'none' };
  if (module.article !== undefined) {
    const articlePath = path.join(path.dirname(file), module.article);
    const at = (message: string) => problemAt(text, file, validation.articleSpan ?? { offset: 0, length: 0 }, message);
    if (!existsSync(articlePath)) {
      article = { kind: 'failed', problem: at(`Module: the article "${module.article}" was not found next to this file.`) };
    } else {
      try {
        const real = realpathSync(articlePath);
        const kind = notAFile(real);
        const articleSize = statSync(real).size;
        if (!within(realpathSync(root), real)) {
          article = { kind: 'failed', problem: at(`Module: the article "${module.article}" leads outside the folder given (${real}), so it was not read.`) };
        } else if (kind) {
          article = { kind: 'failed', problem: at(`Module: the article "${module.article}" is ${kind}, not a Markdown file.`) };
        } else {
          article =
            articleSize > MAX_ARTICLE_BYTES
              // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the article is over MAX_ARTICLE_BYTES, for which articleSizeProblem always gives a problem
              ? { kind: 'failed', problem: articleSizeProblem(validation, articleSize, text, file)! }
              : { kind: 'text', markdown: readFileSync(real, 'utf8') };
        }
      } catch (error) {
        article = { kind: 'failed', problem: at(`Module: the article "${module.article}" could not be read (${error instanceof Error ? error.message : String(error)}).`) };
      }
    }
  }
  const { problems } = finishModuleCheck({ module, validation, text, file, article, lintIgnore: ignore, extras: () => renderExtras });
  return { file, id: module.id, idSpan: () => validation.idSpan, text, problems };
}

function formatText(problem: ModuleProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}${problem.rule ? ` (${problem.rule})` : ''}`;
}

/** A GitHub Actions workflow command, which shows as an annotation on the pull request. */
function formatGithub(problem: ModuleProblem): string {
  const level = problem.severity === 'info' ? 'notice' : problem.severity;
  const escape = (value: string) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (value: string) => escape(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const title = problem.rule ? `,title=${property(problem.rule)}` : '';
  return `::${level} file=${property(problem.file)},line=${problem.line},col=${problem.column},endLine=${problem.endLine},endColumn=${problem.endColumn}${title}::${escape(problem.message)}`;
}

export function run(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  if (argv[0] === 'report') return runReport(argv.slice(1), out, err);
  // Loaded only for convert: the bank parsers would slow every validate run's start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require the bundler leaves in place, run only for convert
  if (argv[0] === 'convert') return (require('./convert') as typeof import('./convert')).runConvert(argv.slice(1), out, err);
  if (argv[0] === 'export') {
    err(NO_EXPORT);
    return 2;
  }
  const options = parseArguments(argv);
  if (typeof options === 'string') {
    (options === USAGE ? out : err)(options);
    return options === USAGE ? 0 : 2;
  }
  const found = new Map<string, Found>();
  for (const target of options.targets) {
    if (!existsSync(target)) {
      err(`${target}: no such file or folder.`);
      return 2;
    }
    // A file named on the command line may be anything; checkFile says what is wrong with it.
    const list: Found[] = statSync(target).isDirectory() ? moduleFilesUnder(target) : [{ file: target, root: path.dirname(target) }];
    for (const entry of list) if (!found.has(entry.file)) found.set(entry.file, entry);
  }
  if (found.size === 0) {
    err(`No *.quiz.json file was found in ${options.targets.join(', ')} (node_modules and dot-folders are skipped): nothing was checked.`);
    return 1;
  }
  const checked = [...found.values()]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map((entry) => ('problem' in entry ? fileProblem(entry.file, entry.problem, entry.severity) : checkFile(entry.file, options.ignore, entry.root)));
  // Two modules with one id: both are refused, as in the extension.
  const byId = new Map<string, Checked[]>();
  for (const c of checked) if (c.id !== undefined) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  for (const [id, group] of byId) {
    if (group.length < 2) continue;
    for (const c of group) {
      const others = group.filter((o) => o !== c).map((o) => o.file).join(', ');
      c.problems.push(problemAt(c.text, c.file, c.idSpan?.() ?? { offset: 0, length: 0 }, `Module: id "${id}" is also used by ${others}; module ids must be unique.`));
    }
  }
  const problems = checked.flatMap((c) => c.problems);
  if (options.format === 'json') {
    out(JSON.stringify({ files: checked.length, problems: problems.map(({ offset: _o, length: _l, ...rest }) => rest) }, null, 2));
  } else {
    for (const problem of problems) out(options.format === 'github' ? formatGithub(problem) : formatText(problem));
    const count = (severity: string) => problems.filter((p) => p.severity === severity).length;
    if (options.format === 'text') out(`${checked.length} module files checked: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes.`);
  }
  const failing = problems.some((p) => p.severity === 'error' || (options.strict && p.severity === 'warning'));
  return failing ? 1 : 0;
}

if (require.main === module) {
  const lrs = lrsReportArguments(process.argv.slice(2));
  if (typeof lrs === 'string') {
    console.error(lrs);
    process.exitCode = 2;
  } else if (lrs) {
    void runLrsReport(lrs.endpoint, lrs.format, process.env, (line) => console.log(line), (line) => console.error(line)).then((code) => (process.exitCode = code));
  } else process.exitCode = run(process.argv.slice(2), (line) => console.log(line), (line) => console.error(line));
}
