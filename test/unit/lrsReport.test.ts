import * as assert from 'node:assert/strict';
import { lrsReportArguments, readStatements, runLrsReport } from '../../src/cli/lrsReport';

/** An LRS of two pages, the second behind a relative `more` link. */
function pages(more: string) {
  const asked: string[] = [];
  const fetchImpl = async (url: string, init: { headers: Record<string, string> }) => {
    asked.push(url);
    assert.equal(init.headers['X-Experience-API-Version'], '1.0.3');
    assert.match(init.headers['Authorization'] ?? '', /^Basic /);
    const body = url.includes('page=2') ? { statements: [{ id: 'b' }], more: '' } : { statements: [{ id: 'a' }], more };
    return { status: 200, text: async () => JSON.stringify(body) };
  };
  return { asked, fetchImpl };
}

describe('quiz-modules report --lrs', () => {
  it('follows the LRS\'s more links to the last page', async () => {
    const { asked, fetchImpl } = pages('/xAPI/statements?page=2');
    assert.deepEqual(await readStatements('http://127.0.0.1:1/xAPI', 'k', 's', fetchImpl), [{ id: 'a' }, { id: 'b' }]);
    assert.deepEqual(asked, ['http://127.0.0.1:1/xAPI/statements?limit=500&format=exact', 'http://127.0.0.1:1/xAPI/statements?page=2']);
  });

  it('never follows a more link to another host (it would get the key)', async () => {
    const { fetchImpl } = pages('https://elsewhere.example/xAPI/statements?page=2');
    await assert.rejects(readStatements('http://127.0.0.1:1/xAPI', 'k', 's', fetchImpl), /another host/);
  });

  it('reads its arguments, and wants the key and secret in the environment', async () => {
    assert.equal(lrsReportArguments(['report', 'a.json']), undefined);
    assert.deepEqual(lrsReportArguments(['report', '--lrs', 'http://127.0.0.1:1/xAPI/', '--format', 'csv']), { endpoint: 'http://127.0.0.1:1/xAPI/', format: 'csv' });
    assert.match(lrsReportArguments(['report', '--lrs', 'file:///x']) as string, /http/);
    assert.match(lrsReportArguments(['report', '--lrs', 'http://h/x', 'a.json']) as string, /not an option/);
    const errors: string[] = [];
    assert.equal(await runLrsReport('http://127.0.0.1:1/xAPI/', 'markdown', {}, () => undefined, (line) => errors.push(line)), 2);
    assert.match(errors[0]!, /QUIZ_LRS_KEY/);
    const out: string[] = [];
    const { fetchImpl } = pages('');
    assert.equal(await runLrsReport('http://127.0.0.1:1/xAPI/', 'markdown', { QUIZ_LRS_KEY: 'k', QUIZ_LRS_SECRET: 's' }, (line) => out.push(line), () => undefined, fetchImpl), 0);
    assert.match(out[0]!, /^# Quiz report/);
  });
});
