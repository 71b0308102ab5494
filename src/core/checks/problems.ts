import { LineIndex } from '../util/textLocation';

/** A located problem in a module file, as shown in the Problems panel and by the validator. */
export interface ModuleProblem {
  /** Path or URI string of the file the problem is in. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** 1-based end of the offending text. */
  readonly endLine: number;
  readonly endColumn: number;
  /** 0-based offset and length of the offending text, for editor ranges. */
  readonly offset: number;
  readonly length: number;
  readonly message: string;
  /** An error keeps the module from loading; a warning or an information does not. */
  readonly severity: 'error' | 'warning' | 'info';
  /** The content-lint rule that found it, for lint findings. */
  readonly rule?: string;
}

/** `file:line:col: message` (`file:line:col: warning: message` for a warning), as the validate command prints. */
export function formatProblem(problem: ModuleProblem): string {
  const kind = problem.severity === 'error' ? '' : `${problem.severity}: `;
  const rule = problem.rule ? ` (${problem.rule})` : '';
  return `${problem.file}:${problem.line}:${problem.column}: ${kind}${problem.message}${rule}`;
}

export function isError(problem: ModuleProblem): boolean {
  return problem.severity === 'error';
}

/** A stretch of the module file: where a value was written. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** A problem placed at a span of a file. */
export function problemAt(text: string, file: string, span: Span, message: string): ModuleProblem {
  return makeProblem(file, text, new LineIndex(text), span, message);
}

/** A problem placed at a span, with the line starts of its text worked out already. */
export function makeProblem(file: string, text: string, lines: LineIndex, span: Span, message: string, severity: ModuleProblem['severity'] = 'error'): ModuleProblem {
  // A span may reach past the end of the text (the parser marks a missing "}" at the end of
  // the file with one character there): keep it inside, so editors get a range that exists.
  // Nor may an end fall between the "\r" and "\n" of a line break, a column that no line has
  // (a string closed by a "\" before a CRLF ends there).
  const offset = outsideLineBreak(text, Math.min(Math.max(span.offset, 0), text.length));
  const end = outsideLineBreak(text, Math.min(offset + Math.max(span.length, 0), text.length));
  const length = end - offset;
  const { line, column } = lines.position(offset);
  const endPosition = lines.position(end);
  return {
    file,
    line,
    column,
    endLine: endPosition.line,
    endColumn: endPosition.column,
    offset,
    length,
    message,
    severity,
  };
}

/** An offset moved off the "\n" of a "\r\n" onto the "\r", where a column exists. */
function outsideLineBreak(text: string, offset: number): number {
  return offset > 0 && text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset;
}

/** Line 1, column 1: where problems with the whole file go. Needs no pass over the text. */
export function fileStartProblem(file: string, message: string): ModuleProblem {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, length: 0, message, severity: 'error' };
}
