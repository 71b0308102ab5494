/**
 * Limits on what a module may hold (docs/module-format.md, "Limits"). Each is far above what a
 * real module needs, and each keeps one hostile or broken file from stalling or crashing the
 * loader: a file over a limit is reported with a located problem and not loaded.
 */

const MEGABYTE = 1024 * 1024;

/** Bytes of a `*.quiz.json` file. Bigger files are refused before they are read or parsed. */
export const MAX_MODULE_FILE_BYTES = 5 * MEGABYTE;

/** Bytes of a module's Markdown article. Bigger articles are refused before they are read. */
export const MAX_ARTICLE_BYTES = 2 * MEGABYTE;

/**
 * How deeply arrays and objects may nest in a module file (a module itself needs 5 levels:
 * module, questions, question, choices, choice). Checked by a flat scan before the JSON parser,
 * which recurses once per level, ever sees the text.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * JSON tokens (values, property names and the punctuation between them) in a module file. A
 * module with the most questions, each with the most choices and every field written, has about
 * 210,000. Caps the parser's work and memory on token-dense text (a file of commas).
 */
export const MAX_JSON_TOKENS = 500_000;

/** Questions in one module. */
export const MAX_QUESTIONS = 1000;

/** Characters of the module `title`. */
export const MAX_TITLE_LENGTH = 200;

/** Characters of the module `description` (a one-line summary). */
export const MAX_DESCRIPTION_LENGTH = 1000;

/** Characters of the `article` path. */
export const MAX_ARTICLE_PATH_LENGTH = 1000;

/** Characters of a question `section` (a heading's slug). */
export const MAX_SECTION_LENGTH = 200;

/** Characters of each Markdown field: a `prompt`, a choice's `text` and `feedback`, an `explanation`. */
export const MAX_MARKDOWN_LENGTH = 20_000;

/**
 * How deeply lists and block quotes may nest in Markdown (an article or a field). The Markdown
 * parser's work grows with the cube of list nesting: 400 levels took 0.6 s, 1,400 (which fit in
 * an article under the size limit) would take about half a minute. Real articles nest a few levels.
 */
export const MAX_MARKDOWN_NESTING = 32;


/**
 * Emphasis marks (`*`, `_`) in one paragraph. The parser pairs them with work that grows with
 * the square of how many are open at once: 2,500 nested `**` took over a second. Prose uses a
 * handful per paragraph.
 */
export const MAX_EMPHASIS_MARKS = 500;

interface MarkdownShapeProblem {
  /** 1-based line where the limit is passed. */
  readonly line: number;
  readonly kind: 'nesting' | 'emphasis';
  /** Levels of nesting, or emphasis marks counted, at that line. */
  readonly count: number;
}

/**
 * The first place where `markdown` nests lists or quotes deeper than allowed, or piles up more
 * emphasis marks in one paragraph than allowed; undefined when there is none. A flat scan of
 * the text: cheap, and safe to run before the Markdown parser. Fenced code is skipped.
 */
export function markdownNestingProblem(markdown: string): MarkdownShapeProblem | undefined {
  if (!mayBreakMarkdownLimits(markdown)) return undefined;
  let line = 0;
  let start = 0;
  let fence: string | undefined;
  let emphasis = 0;
  while (start <= markdown.length) {
    line++;
    let end = markdown.indexOf('\n', start);
    if (end < 0) end = markdown.length;
    // Inside a fenced code block indentation is content, not nesting.
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(markdown.slice(start, Math.min(end, start + 64)))?.[1];
    if (fence !== undefined) {
      if (fenceMark !== undefined && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      start = end + 1;
      continue;
    }
    if (fenceMark !== undefined) {
      fence = fenceMark;
      start = end + 1;
      continue;
    }
    let depth = 0;
    let indent = 0;
    let i = start;
    let blank = true;
    for (let j = start; j < end; j++) {
      const c = markdown.charCodeAt(j);
      if (c === 42 || c === 95) emphasis++;
      else if (c !== 32 && c !== 9 && c !== 13) blank = false;
    }
    if (blank) emphasis = 0;
    else if (emphasis > MAX_EMPHASIS_MARKS) return { line, kind: 'emphasis', count: emphasis };
    // Leading white space, quote markers and list markers, each marker one level deeper.
    for (;;) {
      const c = markdown.charCodeAt(i);
      if (c === 32) {
        indent++;
        i++;
      } else if (c === 9) {
        indent += 4;
        i++;
      } else if (c === 62 /* > */) {
        depth++;
        i++;
      } else if ((c === 45 || c === 42 || c === 43) /* - * + */ && (markdown.charCodeAt(i + 1) === 32 || markdown.charCodeAt(i + 1) === 9)) {
        depth++;
        i += 2;
      } else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < end && j - i < 9 && markdown.charCodeAt(j) >= 48 && markdown.charCodeAt(j) <= 57) j++;
        const mark = markdown.charCodeAt(j);
        if ((mark === 46 || mark === 41) /* . ) */ && (markdown.charCodeAt(j + 1) === 32 || markdown.charCodeAt(j + 1) === 9)) {
          depth++;
          i = j + 2;
        } else {
          break;
        }
      } else {
        break;
      }
      if (i >= end) break;
    }
    // Two columns of indentation are about one level of list nesting.
    const levels = depth + Math.floor(indent / 2);
    if (levels > MAX_MARKDOWN_NESTING) return { line, kind: 'nesting', count: levels };
    start = end + 1;
  }
  return undefined;
}

/**
 * False when `markdown` cannot break either Markdown limit, which most text shows at a glance:
 * no more emphasis marks in all of it than one paragraph may have, and no line that starts with
 * 17 characters that could each open a level (a tab counts two levels, the most any one does).
 * It runs on every Markdown field of every module loaded, so it reads character codes and
 * skips what cannot matter: a text shorter than the mark limit, a line that starts with a letter.
 */
function mayBreakMarkdownLimits(markdown: string): boolean {
  if (markdown.length > MAX_EMPHASIS_MARKS) {
    let marks = 0;
    for (let i = 0; i < markdown.length; i++) {
      const c = markdown.charCodeAt(i);
      if ((c === 42 || c === 95) /* * _ */ && ++marks > MAX_EMPHASIS_MARKS) return true;
    }
  }
  const levelsNeeded = Math.ceil((MAX_MARKDOWN_NESTING + 1) / 2);
  if (markdown.length < levelsNeeded) return false;
  for (let start = 0; start >= 0; start = markdown.indexOf('\n', start) + 1 || -1) {
    let i = start;
    while (i - start < levelsNeeded && i < markdown.length && opensLevel(markdown.charCodeAt(i))) i++;
    if (i - start === levelsNeeded) return true;
  }
  return false;
}

/** What may open a level at the start of a line: white space, `>`, list markers and their digits (` \t>*+-0123456789.)`). */
function opensLevel(c: number): boolean {
  return c === 32 || c === 9 || c === 62 || c === 42 || c === 43 || c === 45 || (c >= 48 && c <= 57) || c === 46 || c === 41;
}

/** Problems listed for one file; one more problem then says how many were left out. */
export const MAX_REPORTED_PROBLEMS = 100;

/** A size in megabytes with one decimal, rounded up (so a size just over a limit reads as over it), for messages. */
export function megabytes(bytes: number): string {
  return (Math.ceil((bytes / MEGABYTE) * 10) / 10).toFixed(1);
}

// ---- Scores exports and saved schedules -------------------------------------------------------
// A real learner's export holds a few thousand answers; these stop a hostile or broken file
// from taking the host's memory and time, and are checked before its data is used.

/** Bytes of a scores export (Import Scores, `quiz-modules report`). Bigger files are not read. */
export const MAX_EXPORT_BYTES = 50 * MEGABYTE;

/** Modules in one export. */
export const MAX_EXPORT_MODULES = 10_000;

/** Attempts of one module in one export. */
export const MAX_EXPORT_ATTEMPTS = 20_000;

/** Answers in one export, every attempt of every module together. */
export const MAX_EXPORT_ANSWERS = 1_000_000;

/** Cards in a review schedule (saved or imported): ten times a large book of modules. */
export const MAX_SCHEDULE_CARDS = 200_000;
