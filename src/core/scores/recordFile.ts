/**
 * How a module's record is saved as a file in the workspace's extension storage (one file per
 * module, `records/<id>.json`), and what a start does with what it finds there and in the
 * `workspaceState` value older versions kept. The record in the file is the record itself
 * (`ProgressRecord`, versioned), so the reader and the migrations of `recordReader` apply as they
 * did to the `workspaceState` value.
 */
import { isId } from '../module/moduleModel';
import { dumpOf, importIntoRecord } from './scoresExport';
import { emptyProgress, type ProgressRecord } from '../session/progressRecord';
import { invalidIdReason, readProgress, type ProgressReadResult } from '../session/recordReader';

/** Bytes of a record file read at start; a bigger file is kept aside unread. */
export const MAX_RECORD_FILE_BYTES = 32 * 1024 * 1024;

const FILE_SUFFIX = '.json';

/** The file name of a module's record; throws for an id that breaks the id pattern (it is never a path). */
export function recordFileName(moduleId: string): string {
  if (!isId(moduleId)) throw new Error(invalidIdReason('the module id', moduleId));
  return `${moduleId}${FILE_SUFFIX}`;
}

/**
 * The module id a file name stands for: only `<id>.json` with an id the pattern accepts. Files
 * kept aside (`<id>.unreadable-<time>.json`), temporaries and anything else name no module.
 */
export function moduleIdOfFileName(name: string): string | undefined {
  if (!name.endsWith(FILE_SUFFIX)) return undefined;
  const id = name.slice(0, -FILE_SUFFIX.length);
  return isId(id) ? id : undefined;
}

/** The name an unreadable record file is renamed to, beside itself: never read as a record again. */
export function asideFileName(moduleId: string, at: number): string {
  return `${recordFileName(moduleId).slice(0, -FILE_SUFFIX.length)}.unreadable-${at}${FILE_SUFFIX}`;
}

/** The text of a record file. */
export function recordFileText(record: ProgressRecord): string {
  return JSON.stringify(record);
}

/**
 * A record file's text read back for `moduleId` (the module its name says): text that is not
 * JSON, a value that is not a record, or the record of another module is refused with the reason.
 */
export function readRecordFileText(text: string, moduleId: string): ProgressReadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  // readProgress reads "nothing saved" as an empty record; a file holding null is not a record.
  if (raw === null) return { ok: false, reason: 'it holds null, not a record' };
  const read = readProgress(raw, moduleId);
  if (read.ok && read.record.moduleId !== moduleId) {
    return { ok: false, reason: `it holds the record of module ${JSON.stringify(read.record.moduleId)}, not of "${moduleId}"` };
  }
  return read;
}

/**
 * Two saved copies of one module's record merged by the rules of an import (`mergeDumps`): every
 * attempt kept once, a finished copy over an open one, the larger archived totals (both copies
 * count the same history files). `file` itself when `saved` adds nothing.
 */
export function mergeSavedRecords(file: ProgressRecord, saved: ProgressRecord): ProgressRecord {
  if (JSON.stringify(file) === JSON.stringify(saved)) return file;
  return importIntoRecord(file, [], dumpOf(saved, []))?.record ?? file;
}

/** What the store does at start for one module, from its record file and its old `workspaceState` value. */
interface RecordStart {
  /** The record to hold. */
  readonly record: ProgressRecord;
  /** Why the file could not be read: it is kept aside, unchanged, before anything is written. */
  readonly fileProblem?: string;
  /** Why the `workspaceState` value could not be read: it is kept aside under its own key. */
  readonly savedProblem?: string;
  /** Write `record` to the file (atomically): the file lacks something it holds, or is of an older version. */
  readonly writeFile: boolean;
  /** Remove the old `workspaceState` value, only once the file is written. */
  readonly clearSaved: boolean;
}

/**
 * Start-up of one module with record files: `fileText` is its file's text (undefined when there
 * is none) and `saved` the value older versions kept in `workspaceState` (undefined when none).
 * Nothing readable is lost: when both hold a record they are merged (a start stopped between
 * writing the file and clearing the old value finds both), and an unreadable one is kept aside.
 */
export function planRecordStart(moduleId: string, fileText: string | undefined, saved: unknown): RecordStart {
  let fileRecord: ProgressRecord | undefined;
  let fileProblem: string | undefined;
  let fileOld = false;
  if (fileText !== undefined) {
    const read = readRecordFileText(fileText, moduleId);
    if (read.ok) {
      fileRecord = read.record;
      fileOld = read.migratedFrom !== undefined;
    } else fileProblem = read.reason;
  }
  const problem = fileProblem !== undefined ? { fileProblem } : {};
  if (saved === undefined) return { record: fileRecord ?? emptyProgress(moduleId), ...problem, writeFile: fileOld, clearSaved: false };
  const old = readProgress(saved, moduleId);
  if (!old.ok || old.record.moduleId !== moduleId) {
    const savedProblem = old.ok ? `it holds the record of module ${JSON.stringify(old.record.moduleId)}` : old.reason;
    return { record: fileRecord ?? emptyProgress(moduleId), ...problem, savedProblem, writeFile: fileOld, clearSaved: false };
  }
  if (!fileRecord) return { record: old.record, ...problem, writeFile: true, clearSaved: true };
  const merged = mergeSavedRecords(fileRecord, old.record);
  return { record: merged, writeFile: fileOld || merged !== fileRecord, clearSaved: true };
}
