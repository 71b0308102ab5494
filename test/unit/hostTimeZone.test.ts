import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The learner's day must not depend on the extension host's `TZ` (often UTC on a remote machine).
 * The same figures are computed in child processes run under different `TZ` values: they agree,
 * and each follows the learner's zone it is given.
 */
const core = path.resolve(__dirname, '../../src/core');

const script = `
const { dashboard } = require(${JSON.stringify(path.join(core, 'scores', 'analytics.js'))});
const { rate, emptySchedule } = require(${JSON.stringify(path.join(core, 'schedule', 'schedule.js'))});
const { runtimeTimeZone } = require(${JSON.stringify(path.join(core, 'schedule', 'calendar.js'))});
const answer = (at) => ({ picks: ['k'], correct: true, earned: 1, points: 1, answeredAt: at });
const attempt = (id, at) => ({ id, startedAt: at, finishedAt: at, questionOrder: ['q'], answers: { q: answer(at) }, result: { earned: 1, possible: 1, percent: 100, passed: true } });
const record = { version: 3, moduleId: 'm', attempts: [attempt('a', '2026-11-27T07:30:00.000Z'), attempt('b', '2026-11-28T07:30:00.000Z'), attempt('c', '2026-11-28T08:30:00.000Z')] };
let book = rate(emptySchedule(), 'm', 'q', 'v', 'again', new Date('2026-11-28T20:00:00.000Z'));
const out = { host: runtimeTimeZone() };
for (const zone of ['America/Los_Angeles', 'Asia/Tokyo', 'UTC']) {
  const board = dashboard([{ moduleId: 'm', record }], book, new Date('2026-11-29T09:00:00.000Z'), { timeZone: zone });
  out[zone] = { streak: board.streak, days: board.daysStudied, dueNow: board.due.now };
}
process.stdout.write(JSON.stringify(out));
`;

function figuresUnder(tz: string): Record<string, unknown> {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' })) as Record<string, unknown>;
}

describe("the learner's day, whatever the extension host's TZ", () => {
  it('gives the same streak, days studied and due count under TZ=UTC, America/New_York and Asia/Tokyo', function () {
    this.timeout(30_000);
    const runs = ['UTC', 'America/New_York', 'Asia/Tokyo'].map((tz) => ({ tz, figures: figuresUnder(tz) }));
    for (const { tz, figures } of runs) assert.equal(figures['host'], tz, 'the child ran under that TZ');
    const strip = ({ host: _, ...rest }: Record<string, unknown>) => rest;
    for (const { figures } of runs.slice(1)) assert.deepEqual(strip(figures), strip(runs[0]!.figures));
    // And the figures follow the learner's zone: in Los Angeles the three answers fall on
    // 26, 27 and 28 November (three days in a row); in Tokyo and UTC on two days.
    assert.deepEqual(runs[0]!.figures['America/Los_Angeles'], { streak: 3, days: 3, dueNow: 1 });
    assert.deepEqual(runs[0]!.figures['Asia/Tokyo'], { streak: 2, days: 2, dueNow: 0 });
    assert.deepEqual(runs[0]!.figures['UTC'], { streak: 2, days: 2, dueNow: 1 });
  });
});
