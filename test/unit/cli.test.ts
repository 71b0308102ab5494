import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// Compiled to out/test/unit/, so the repository root is three folders up; the CLI compiles to out/src/cli.
const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'out', 'src', 'cli', 'main.js');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'qm-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return folder;
}

const good = {
  version: 1,
  id: 'cli-good',
  title: 'Good',
  questions: [{ id: 'q', prompt: 'Pick a', choices: [{ text: 'a', correct: true }, { text: 'b', feedback: 'Not b.' }], explanation: 'Because a.' }],
};

describe('quiz-modules validate (the CLI, run as a child process)', () => {
  it('passes the bundled module and the sample workspace, exit code 0', () => {
    const result = run('validate', 'quizzes', 'sample-workspace');
    assert.equal(result.code, 0, result.out + result.err);
    // The bundled module and the two sample modules (semver, slicing).
    assert.match(result.out, /3 module files checked: 0 errors, 0 warnings, 0 notes\./);
  });

  it('prints each error as path:line:col: error: message and exits 1; skips node_modules and dot-folders', () => {
    const result = run('validate', 'test/fixtures/workspace');
    assert.equal(result.code, 1);
    assert.match(result.out, /^test\/fixtures\/workspace\/broken\/bad\.quiz\.json:2:14: error: "version" must be 1/m);
    assert.match(result.out, /dup\/one\.quiz\.json:\d+:\d+: error: Module: id "fixture-duplicate" is also used by/);
    assert.doesNotMatch(result.out, /node_modules|\.hidden/);
  });

  it('reports warnings with their rule, and fails on them only with --strict', () => {
    const folder = folderWith({ 'typo.quiz.json': JSON.stringify({ ...good, feedbackTimming: 'end', questions: [{ ...good.questions[0], explanation: undefined }] }, null, 2) });
    const relaxed = run('validate', folder);
    assert.equal(relaxed.code, 0, relaxed.out);
    assert.match(relaxed.out, /typo\.quiz\.json:21:3: warning: Module: "feedbackTimming" is not a field of the module format, so it is ignored\. Did you mean "feedbackTiming"\?/);
    assert.match(relaxed.out, /warning: Question "q" has no explanation.*\(missing-explanation\)/);
    assert.equal(run('validate', '--strict', folder).code, 1);
    const quiet = run('validate', '--strict', '--ignore', 'missing-explanation', folder);
    assert.doesNotMatch(quiet.out, /missing-explanation/);
  });

  it('writes JSON and GitHub annotations', () => {
    const folder = folderWith({ 'bad.quiz.json': JSON.stringify({ ...good, version: 2 }, null, 2) });
    const json = JSON.parse(run('validate', '--format', 'json', folder).out) as { files: number; problems: { line: number; severity: string; message: string }[] };
    assert.equal(json.files, 1);
    assert.deepEqual(json.problems.map((p) => [p.line, p.severity]), [[2, 'error']]);
    const github = run('validate', '--format', 'github', folder);
    assert.equal(github.code, 1);
    assert.match(github.out, /^::error file=.*bad\.quiz\.json,line=2,col=14,endLine=2,endColumn=15::"version" must be 1/m);
  });

  it('checks the article next to a module: missing, and sections that name no heading', () => {
    const folder = folderWith({
      'a.quiz.json': JSON.stringify({ ...good, article: 'missing.md' }, null, 2),
      'b.quiz.json': JSON.stringify({ ...good, id: 'cli-b', article: 'b.md', questions: [{ ...good.questions[0], section: 'nowhere' }] }, null, 2),
      'b.md': '# B\n\n## Somewhere\n',
    });
    const result = run('validate', folder);
    assert.equal(result.code, 1);
    assert.match(result.out, /a\.quiz\.json:\d+:\d+: error: Module: the article "missing\.md" was not found/);
    assert.match(result.out, /b\.quiz\.json:\d+:\d+: error: Question "q": section "nowhere" is not a heading/);
  });

  it('says how to use it, and exits 2 on a wrong command line', () => {
    assert.equal(run('--help').code, 0);
    assert.match(run('--help').out, /Usage: quiz-modules validate/);
    assert.equal(run('validate').code, 2);
    assert.equal(run('validate', '--format', 'xml', 'quizzes').code, 2);
    assert.equal(run('validate', 'no/such/place').code, 2);
    assert.equal(run('frobnicate').code, 2);
  });
});
