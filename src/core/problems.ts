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
  readonly severity: 'error' | 'warning';
}

/** `file:line:col: message`, the format of the validate command's output. */
export function formatProblem(problem: ModuleProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}
