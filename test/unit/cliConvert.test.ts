import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'out', 'src', 'cli', 'main.js');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('quiz-modules convert (the CLI, run as a child process)', () => {
  it('turns a GIFT bank into a module and article that validate accepts, listing what it skipped and the count', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'qm-convert-'));
    const result = run('convert', 'test/fixtures/banks/mixed.gift', '--out', folder);
    assert.equal(result.code, 0, result.err);
    assert.match(result.err, /^test\/fixtures\/banks\/mixed\.gift:28: warning: skipped: a numeric question/m);
    assert.match(result.out, /Kept 6 questions, skipped 5\./);
    assert.deepEqual(readdirSync(folder).sort(), ['mixed.md', 'mixed.quiz.json']);
    const validate = run('validate', folder);
    assert.equal(validate.code, 0, validate.out);
    assert.match(validate.out, /1 module files checked: 0 errors/);
    // Run again: the files exist, so nothing is replaced without --force.
    const again = run('convert', 'test/fixtures/banks/mixed.gift', '--out', folder);
    assert.equal(again.code, 1);
    assert.match(again.err, /already exist.*--force/);
  });

  it('writes nothing for a bank it cannot read', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'qm-convert-'));
    const bank = path.join(folder, 'cut.xml');
    writeFileSync(bank, readFileSync(path.join(root, 'test/fixtures/banks/mixed.xml'), 'utf8').slice(0, 500));
    const result = run('convert', bank, '--out', path.join(folder, 'out'));
    assert.equal(result.code, 1);
    assert.match(result.err, /error: not well-formed XML/);
    assert.match(result.err, /No module was written\./);
    assert.equal(existsSync(path.join(folder, 'out')), false);
  });

  it('writes a module as GIFT and as Moodle XML, which read back as the same questions', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'qm-convert-'));
    const module = path.join(root, 'sample-workspace');
    const moduleFile = readdirSync(module, { recursive: true }).map(String).find((f) => f.endsWith('.quiz.json'))!;
    const gift = run('convert', path.join(module, moduleFile), '--to', 'gift');
    assert.equal(gift.code, 0, gift.err);
    assert.match(gift.out, /^::[a-z0-9-]+::\[markdown\]/m);
    const xmlFile = path.join(folder, 'bank.xml');
    const xml = run('convert', path.join(module, moduleFile), '--to', 'moodle-xml', '--out', xmlFile);
    assert.equal(xml.code, 0, xml.err);
    const back = run('convert', xmlFile, '--out', folder);
    assert.equal(back.code, 0, back.err);
    const original = JSON.parse(readFileSync(path.join(module, moduleFile), 'utf8')) as { questions: { id: string }[] };
    const imported = JSON.parse(readFileSync(path.join(folder, 'bank.quiz.json'), 'utf8')) as { questions: { id: string }[] };
    assert.deepEqual(imported.questions.map((q) => q.id), original.questions.map((q) => q.id));
    assert.equal(run('convert', path.join(module, moduleFile), '--to', 'pdf').code, 2);
  });
});
