/**
 * Ids a hostile scores export may carry, by what each tries: each must be refused before it can
 * reach a path. Shared by the unit tests and the integration test in a real VS Code.
 */
export const HOSTILE_IDS: Readonly<Record<string, string>> = {
  'parent folder': '..',
  'path up and out': '../../../../home/precious',
  'absolute path': '/etc/passwd',
  'Windows absolute path': 'C:\\Windows\\System32',
  backslashes: '..\\..\\outside',
  'encoded dots': '%2e%2e%2f%2e%2e',
  'NUL character': 'module\u0000x',
  'very long': 'a'.repeat(65),
  'fullwidth dots': '\uff0e\uff0e',
  'fullwidth solidus': 'a\uff0fb',
  'upper case': 'Module',
  'dot segment': 'a/./b',
  empty: '',
};
