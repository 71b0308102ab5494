/**
 * How core code words its messages without the VS Code API: it is handed a function with the
 * signature of `vscode.l10n.t` (the host passes that one), and uses English when run alone
 * (unit tests, a command-line validator). Messages are written in full at each call, with
 * `{0}`, `{1}`… for the values, so the l10n bundle can list them.
 */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** Replaces `{0}`, `{1}`… with the arguments, as `vscode.l10n.t` does. */
export function formatString(template: string, ...args: ReadonlyArray<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}

/** The messages as written: English. */
export const english: Translate = (message, ...args) => formatString(message, ...args);
