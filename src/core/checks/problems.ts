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
