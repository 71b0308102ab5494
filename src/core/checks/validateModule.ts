import { MAX_MODULE_FILE_BYTES, megabytes } from '../module/limits';
import type { QuizModule } from '../module/moduleModel';
import { english, type Translate } from '../util/translate';
import { SOMETHING_TO_REPORT } from './JsonChecker';
import { PlainNode } from './jsonNode';
import { countKeyLikeSpots } from './jsonShape';
import { ModuleValidator } from './ModuleValidator';
import { fileStartProblem, problemAt, type ModuleProblem } from './problems';
import { DEFAULT_LIMITS, type ModuleValidation, type ValidateOptions, type ValidationLimits } from './validation';

export type { ModuleValidation } from './validation';

// A module file's text to a module or its located problems: a quick path for a file without
// problems, and the full validator (ModuleValidator.ts) for one with any.

/**
 * Validates the text of a `*.quiz.json` file against every rule of format version 1 that can
 * be checked from the file alone, the limits included (src/core/module/limits.ts).
 * Sections are checked later, against the article's headings (checkSections in sections.ts). Never throws: whatever the
 * text, the result is a module or at least one problem located in the file.
 */
export function validateModuleText(text: string, file: string, t: Translate = english, options: ValidateOptions = {}): ModuleValidation {
  const limits = options.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS;
  const tooBig = moduleFileSizeProblem(options.byteLength ?? utf8LengthAround(text, limits.fileBytes), file, t, limits.fileBytes);
  if (tooBig) return { problems: [tooBig], sectionSpans: new Map() };
  try {
    return (options.locateAlways ? undefined : validateQuickly(text, file, t, limits)) ?? new ModuleValidator(text, file, t, limits).run();
  } catch (error) {
    // Not expected (the limits keep the parser's recursion shallow), but one file must never
    // take the loader down with it.
    const message = t('The file could not be checked: {0}', error instanceof Error ? error.message : String(error));
    return { problems: [problemAt(text, file, { offset: 0, length: 0 }, message)], sectionSpans: new Map() };
  }
}

/** A problem at the top of a module file over {@link MAX_MODULE_FILE_BYTES}, or undefined. */
export function moduleFileSizeProblem(byteLength: number, file: string, t: Translate = english, maxBytes = MAX_MODULE_FILE_BYTES): ModuleProblem | undefined {
  // Only a size known to be over refuses: a provider that gives no size does not block a file.
  if (!(byteLength > maxBytes)) return undefined;
  return fileStartProblem(
    file,
    t('The module file is {0} MB; a module file may be at most {1} MB, so it was not loaded.', megabytes(byteLength), megabytes(maxBytes)),
  );
}

/**
 * The validation of a file without a single problem, found without locating anything: the
 * engine's `JSON.parse`, a tree of the same shape as jsonc-parser's (without offsets) and the
 * same checks, which give up at the first thing they would report. Where each value is written
 * (for duplicate ids, sections, lint findings) is worked out only when it is asked for, by the
 * full validator. Undefined when the file has anything to report, or could have: then the full
 * validator runs and locates every problem, so the outcome is the same either way.
 */
function validateQuickly(text: string, file: string, t: Translate, limits: ValidationLimits): ModuleValidation | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // a syntax error (or a nesting too deep for the engine): the parser words it
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  let module: QuizModule;
  const validator = new ModuleValidator(text, file, t, limits, true);
  try {
    module = validator.readModule(new PlainNode(value));
  } catch (error) {
    if (error === SOMETHING_TO_REPORT) return undefined;
    throw error;
  }
  // A key written twice leaves one property in the parsed value: the file then has more keys
  // written than the module has properties, and the full validator reports the second one.
  // Past the token limit (which only a long lintIgnore list can reach) it says where, too.
  if (countKeyLikeSpots(text) !== validator.seen.properties || validator.seen.tokensAtMost() > limits.tokens) return undefined;
  let located: ModuleValidation | undefined;
  const locations = () => (located ??= new ModuleValidator(text, file, t, limits).run());
  return {
    module,
    problems: [],
    get idSpan() {
      return locations().idSpan;
    },
    get articleSpan() {
      return locations().articleSpan;
    },
    get sectionSpans() {
      return locations().sectionSpans;
    },
    locate: (path) => locations().locate?.(path),
  };
}

/**
 * Bytes of a text in UTF-8 when that decides whether it is over `limit`; otherwise a bound on
 * the same side of it. Each UTF-16 unit is 1 to 3 bytes, so only a text over a third of the
 * limit needs counting.
 */
function utf8LengthAround(text: string, limit: number): number {
  return text.length * 3 <= limit ? text.length * 3 : utf8Length(text);
}

/** Bytes of a text in UTF-8 (a lone surrogate counts as the 3 bytes of U+FFFD, as encoders write it). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // 4 bytes for the pair of 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}
