import { MAX_JSON_TOKENS, MAX_MODULE_FILE_BYTES, MAX_QUESTIONS } from '../module/limits';
import type { QuizModule } from '../module/moduleModel';
import type { ModuleProblem, Span } from './problems';

export interface ModuleValidation {
  /** Present only when the file broke no rule that can be checked without its article. */
  readonly module?: QuizModule;
  readonly problems: readonly ModuleProblem[];
  /** Where the module's `id` value is written (for duplicate-id reports). */
  readonly idSpan?: Span;
  /** Where the `article` value is written. */
  readonly articleSpan?: Span;
  /** Question id -> where its `section` value is written. */
  readonly sectionSpans: ReadonlyMap<string, Span>;
  /** Where the value at a JSON path (`['questions', 2, 'choices', 0]`) is written, when the file parsed. */
  readonly locate?: (path: readonly (string | number)[]) => Span | undefined;
}

export interface ValidateOptions {
  /**
   * Size of the file in bytes, when the caller read it (the text's UTF-8 length otherwise). A
   * file over {@link MAX_MODULE_FILE_BYTES} is refused without being parsed.
   */
  readonly byteLength?: number;
  /**
   * Other limits than those of src/core/module/limits.ts, for measuring only (`npm run bench` times a
   * 10,000-question module with them lifted). The extension and the CLI never pass them.
   */
  readonly limits?: Partial<ValidationLimits>;
  /** Locates everything even in a file without problems, skipping the quick path (tests compare both). */
  readonly locateAlways?: boolean;
}

/** The limits the validator applies that a benchmark may lift. */
export interface ValidationLimits {
  readonly fileBytes: number;
  readonly tokens: number;
  readonly questions: number;
}

export const DEFAULT_LIMITS: ValidationLimits = { fileBytes: MAX_MODULE_FILE_BYTES, tokens: MAX_JSON_TOKENS, questions: MAX_QUESTIONS };
