import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// Compiled to out/test/unit/, so the repository root is three folders up; the CLI compiles to out/src/cli.
const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'out', 'src', 'cli', 'main.js');

function run(...args: string[]) {
  // A run that hangs (reading a FIFO) is killed, and fails the test, instead of stalling it.
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 8000 });
  return { code: result.status, out: result.stdout, err: result.stderr, signal: result.signal };
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

  describe('finishes every run', () => {
    const named = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ ...good, id, ...extra }, null, 2);

    it('a folder named as an article is a located problem of that module; the others are still checked (no EISDIR)', () => {
      const folder = folderWith({ 'a.quiz.json': named('cli-a', { article: 'notes.md' }), 'b.quiz.json': named('cli-b', { version: 2 }) });
      mkdirSync(path.join(folder, 'notes.md'));
      const result = run('validate', folder);
      assert.equal(result.code, 1, result.err);
      assert.doesNotMatch(result.err, /EISDIR/);
      assert.match(result.out, /a\.quiz\.json:\d+:\d+: error: Module: the article "notes\.md" is a folder, not a Markdown file\./);
      assert.match(result.out, /b\.quiz\.json:2:14: error: "version" must be 1/, 'the other module is checked');
      assert.match(result.out, /2 module files checked: 2 errors/);
    });

    it('a FIFO named *.quiz.json, in a folder or on the command line, is a problem of that file, not a hang', () => {
      const folder = folderWith({ 'ok.quiz.json': named('cli-ok') });
      execFileSync('mkfifo', [path.join(folder, 'x.quiz.json')]);
      const walked = run('validate', folder);
      assert.equal(walked.signal, null, 'the run ended by itself');
      assert.equal(walked.code, 1);
      assert.match(walked.out, /x\.quiz\.json:1:1: error: Module: it is a FIFO \(named pipe\), not a module file\./);
      assert.match(walked.out, /2 module files checked: 1 errors/);
      const named2 = run('validate', path.join(folder, 'x.quiz.json'), path.join(folder, 'ok.quiz.json'));
      assert.equal(named2.signal, null);
      assert.equal(named2.code, 1);
      assert.match(named2.out, /x\.quiz\.json:1:1: error: Module: it is a FIFO/);
      // An article that is a FIFO is not read either.
      const withPipe = folderWith({ 'p.quiz.json': named('cli-p', { article: 'pipe.md' }) });
      execFileSync('mkfifo', [path.join(withPipe, 'pipe.md')]);
      const piped = run('validate', withPipe);
      assert.equal(piped.signal, null);
      assert.match(piped.out, /error: Module: the article "pipe\.md" is a FIFO \(named pipe\), not a Markdown file\./);
    });

    it('a device or a broken link named as a module is a problem of that file', () => {
      const device = run('validate', '/dev/null');
      assert.equal(device.code, 1);
      assert.match(device.out, /^\/dev\/null:1:1: error: Module: it is a device, not a module file\./m);
      const folder = folderWith({ 'ok.quiz.json': named('cli-ok') });
      symlinkSync(path.join(folder, 'gone.json'), path.join(folder, 'broken.quiz.json'));
      const broken = run('validate', folder);
      assert.equal(broken.code, 1);
      assert.match(broken.out, /broken\.quiz\.json:1:1: error: Module: it could not be read \(ENOENT/);
      assert.match(broken.out, /2 module files checked/);
    });

    it('checking 0 files is an error with a message', () => {
      const empty = folderWith({ 'readme.md': '# nothing here' });
      const result = run('validate', empty);
      assert.equal(result.code, 1);
      assert.match(result.err, /No \*\.quiz\.json file was found in .*nothing was checked/);
    });

    it('follows symbolic links only inside the folder given', () => {
      const outside = folderWith({ 'far.quiz.json': named('cli-far'), 'secret.md': '# Secret' });
      const folder = folderWith({ 'home.quiz.json': named('cli-home', { article: 'linked.md' }) });
      mkdirSync(path.join(folder, 'sub'));
      writeFileSync(path.join(folder, 'sub', 'inner.quiz.json'), named('cli-inner'));
      // Inside: a link to a folder of the tree (walked once, even as a loop) and to a module in it.
      symlinkSync(path.join(folder, 'sub'), path.join(folder, 'again'));
      symlinkSync(folder, path.join(folder, 'sub', 'loop'));
      // Outside: a module and an article reached through links.
      symlinkSync(path.join(outside, 'far.quiz.json'), path.join(folder, 'far.quiz.json'));
      symlinkSync(path.join(outside, 'secret.md'), path.join(folder, 'linked.md'));
      const result = run('validate', folder);
      assert.equal(result.signal, null);
      assert.match(result.out, /far\.quiz\.json:1:1: warning: Module: it is a link to .*far\.quiz\.json, outside the folder given, so it was not followed\./);
      assert.match(result.out, /home\.quiz\.json:\d+:\d+: error: Module: the article "linked\.md" leads outside the folder given/);
      // home, the far link (as its warning) and inner once, though two links lead to its folder.
      assert.match(result.out, /3 module files checked: 1 errors, 1 warnings/);
      assert.doesNotMatch(result.out, /cli-far/);
    });
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
    const odd = run('report', folder, '/dev/null');
    assert.equal(odd.code, 1);
    assert.match(odd.err, /: it is a folder, not a file\./);
    assert.match(odd.err, /\/dev\/null: it is a device, not a file\./);
    const exported = run('export');
    assert.equal(exported.code, 2);
    assert.match(exported.err, /workspace state.*VS Code owns/s);
    assert.equal(run('report').code, 2);
    assert.equal(run('report', '--format', 'xml', 'x.json').code, 2);
  });
});
