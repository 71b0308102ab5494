/**
 * Starts Learning Locker's statement service (xapi-statements) with its in-memory store written to
 * a file after every change and read back at start, so that killing and starting it again keeps
 * what it had stored, as an LRS over a database does. Without this, a restart would forget
 * everything and "each statement exactly once across a restart" could not be checked.
 *
 * Run as `node lrsDurable.js <xapi-statements/dist/index.js>` with QM_LRS_STATE_FILE set; the
 * service itself is unchanged: only the object holding its models is given a file behind it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface Model {
  stored?: unknown;
  timestamp?: unknown;
}

interface State {
  statements: Model[];
  fullActivities: unknown[];
}

const script = process.argv[2];
const file = process.env['QM_LRS_STATE_FILE'];
if (!script || !file) throw new Error('usage: QM_LRS_STATE_FILE=<file> node lrsDurable.js <xapi-statements/dist/index.js>');

const load = createRequire(script);
const memoryModels = load('./repo/modelsRepo/utils/memoryModels/facade') as { default: (config: { state: State }) => unknown };
const makeRepo = memoryModels.default;

function keepInFile(state: State): void {
  const saved = existsSync(file!) ? (JSON.parse(readFileSync(file!, 'utf8')) as State) : { statements: [], fullActivities: [] };
  // The service compares these two as dates; JSON gave strings back.
  let statements: Model[] = saved.statements.map((m) => ({ ...m, stored: new Date(m.stored as string), timestamp: new Date(m.timestamp as string) }));
  let fullActivities = saved.fullActivities;
  // Written before the service answers the request that changed it: a kill after the answer loses nothing.
  const save = () => {
    writeFileSync(`${file!}.tmp`, JSON.stringify({ statements, fullActivities }));
    renameSync(`${file!}.tmp`, file!);
  };
  Object.defineProperty(state, 'statements', {
    enumerable: true,
    get: () => statements,
    set: (value: Model[]) => {
      statements = value;
      save();
    },
  });
  Object.defineProperty(state, 'fullActivities', {
    enumerable: true,
    get: () => fullActivities,
    set: (value: unknown[]) => {
      fullActivities = value;
      save();
    },
  });
}

memoryModels.default = (config) => {
  keepInFile(config.state);
  return makeRepo(config);
};
load(script);
