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

describe('quiz-modules report (the CLI, run as a child process)', () => {
  const questions = [
    {
      id: 'q1',
      prompt: 'Which | one?',
      choices: [
        { key: 'right', text: 'Right', correct: true },
        { key: 'lure', text: 'The lure', correct: false },
        { key: 'other', text: '=Other', correct: false },
      ],
    },
    { id: 'q2', prompt: 'Second', choices: [{ key: 'y', text: 'Yes', correct: true }, { key: 'n', text: 'No', correct: false }] },
  ];
  const attempt = (id: string, q1: string, q2: string, kind?: string) => ({
    id,
    startedAt: '2026-11-01T10:00:00.000Z',
    finishedAt: '2026-11-01T10:05:00.000Z',
    questionOrder: ['q1', 'q2'],
    answers: {
      q1: { picks: [q1], correct: q1 === 'right', earned: q1 === 'right' ? 1 : 0, points: 1, answeredAt: '2026-11-01T10:01:00.000Z' },
      q2: { picks: [q2], correct: q2 === 'y', earned: q2 === 'y' ? 1 : 0, points: 1, answeredAt: '2026-11-01T10:02:00.000Z' },
    },
    result: { earned: 0, possible: 2, percent: 0, passed: false },
    ...(kind ? { kind } : {}),
  });
  const exportOf = (attempts: unknown[]) =>
    JSON.stringify({ format: 'quiz-modules-scores', version: 1, exportedAt: '2026-11-29T00:00:00.000Z', modules: [{ moduleId: 'm', title: 'Module M', questions, attempts }] });

  function classFolder() {
    return folderWith({
      'ann.json': exportOf([attempt('a1', 'lure', 'y'), attempt('a2', 'right', 'y'), attempt('a3', 'right', 'n', 'practice')]),
      'ben.json': exportOf([attempt('b1', 'lure', 'n')]),
      'cleo.json': exportOf([attempt('c1', 'other', 'y')]),
    });
  }

  it('merges a class into one Markdown table per question: right at first try and the most picked wrong choice', () => {
    const folder = classFolder();
    const result = run('report', path.join(folder, 'ann.json'), path.join(folder, 'ben.json'), path.join(folder, 'cleo.json'));
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /^# Quiz report/);
    assert.match(result.out, /3 exports, 2 questions/);
    // q1: 4 answers in full attempts (the practice one is not a first try), 1 right; the lure twice.
    assert.match(result.out, /^\| Module M \| Which \\\| one\? \| 3 \| 4 \| 25% \| The lure \(50%\) \|$/m);
    assert.match(result.out, /^\| Module M \| Second \| 3 \| 4 \| 75% \| No \(25%\) \|$/m);
  });

  it('writes CSV, counts a file given twice once, and keeps a formula-like text as text', () => {
    const folder = classFolder();
    const result = run('report', '--format', 'csv', path.join(folder, 'cleo.json'), path.join(folder, 'cleo.json'));
    assert.equal(result.code, 0, result.err);
    const lines = result.out.trim().split(/\r?\n/);
    assert.equal(lines[0], 'module_id,module_title,question_id,question,learners,answered,right_first_try,right_first_try_share,top_wrong_key,top_wrong_choice,top_wrong_count,top_wrong_share');
    assert.equal(lines[1], "m,Module M,q1,Which | one?,1,1,0,0,other,'=Other,1,1");
    assert.equal(lines.length, 3);
  });

  it('refuses a file that is not an export, naming it, and explains why there is no export command', () => {
    const folder = folderWith({ 'module.json': JSON.stringify(good), 'broken.json': '{' });
    const result = run('report', path.join(folder, 'module.json'), path.join(folder, 'broken.json'));
    assert.equal(result.code, 1);
    assert.match(result.err, /module\.json: it is not a Quiz Modules scores export/);
    assert.match(result.err, /broken\.json: not JSON/);
    assert.equal(result.out, '');
    const exported = run('export');
    assert.equal(exported.code, 2);
    assert.match(exported.err, /workspace state.*VS Code owns/s);
    assert.equal(run('report').code, 2);
    assert.equal(run('report', '--format', 'xml', 'x.json').code, 2);
  });
});
