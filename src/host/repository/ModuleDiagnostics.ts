import * as vscode from 'vscode';
import { formatProblem } from '../../core/checks/problems';
import type { ModuleRepository } from './ModuleRepository';
import { Disposable } from '../util/Disposable';

/** Puts every problem of a workspace module file in the Problems panel and the output channel. */
export class ModuleDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('quizModules'));
  private lastLogged = '';

  constructor(
    private readonly repository: ModuleRepository,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    // Once a load's lint has run: set earlier, the Problems panel would drop the lint's findings
    // and show them again on every reload.
    this.register(repository.onDidChangeWarnings(() => this.update()));
  }

  private update(): void {
    this.collection.clear();
    const lines: string[] = [];
    for (const report of [...this.repository.problemReports, ...this.repository.warningReports]) {
      const diagnostics = report.problems.map((problem) => {
        const range = new vscode.Range(problem.line - 1, problem.column - 1, problem.endLine - 1, problem.endColumn - 1);
        const severity =
          problem.severity === 'error'
            ? vscode.DiagnosticSeverity.Error
            : problem.severity === 'warning'
              ? vscode.DiagnosticSeverity.Warning
              : vscode.DiagnosticSeverity.Information;
        const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
        if (problem.rule) diagnostic.code = problem.rule;
        diagnostic.source = 'Quiz Modules';
        return diagnostic;
      });
      if (report.source === 'workspace') this.collection.set(report.uri, diagnostics);
      lines.push(...report.problems.map(formatProblem));
    }
    // Log only when the set of problems changed, not on every reload.
    const logged = lines.join('\n');
    if (logged !== this.lastLogged) {
      this.lastLogged = logged;
      const broken = this.repository.problemReports.length;
      const warned = this.repository.warningReports.length;
      if (broken > 0) this.log.warn(`${broken} module files have errors and were not loaded.`);
      if (warned > 0) this.log.warn(`${warned} module files were loaded with warnings.`);
      for (const line of lines) {
        if (line.includes(': warning: ')) this.log.warn(line);
        else if (line.includes(': info: ')) this.log.info(line);
        else this.log.error(line);
      }
      if (lines.length === 0) this.log.info(`${this.repository.modules.length} modules loaded, no problems.`);
    }
  }
}
