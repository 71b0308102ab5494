/**
 * The module files a workspace listed when it was last open, kept so the next start can read
 * them at once instead of waiting for the workspace search. What is read back is only a hint:
 * it is used when it was saved for the same folders and settings, each path is checked as the
 * search could have found it, and the search still decides what the list holds in the end.
 */

/** Bumped when the saved shape changes; an older shape is ignored, never migrated. */
const VERSION = 1;
/** More files than this are not kept: a start with that many waits for the search. */
const MAX_LISTED_FILES = 5000;
const MAX_PATH_LENGTH = 1024;
const MAX_SEGMENTS = 64;
const MODULE_SUFFIX = '.quiz.json';

/** One module file: the index of its workspace folder, and its path inside that folder. */
export type ListedFile = readonly [folder: number, path: string];

interface LastListing {
  readonly version: typeof VERSION;
  /** Where the files were looked for (see {@link listingKey}). */
  readonly key: string;
  readonly files: readonly ListedFile[];
}

/**
 * What a listing depends on besides the files themselves: the workspace folders, in order, and
 * the patterns the search was given. A listing saved under another key is not used.
 */
export function listingKey(folders: readonly string[], include: string, exclude: string): string {
  return JSON.stringify([folders, include, exclude]);
}

/**
 * The segments of a module file's path inside its folder, when the path is one the search could
 * have given: relative, without `.` or `..`, in no dot-folder or `node_modules` folder, naming a
 * `*.quiz.json` file. Undefined for anything else.
 */
export function moduleFileSegments(path: string): string[] | undefined {
  if (path.length === 0 || path.length > MAX_PATH_LENGTH || /[\\\0:]/.test(path)) return undefined;
  const segments = path.split('/');
  if (segments.length > MAX_SEGMENTS) return undefined;
  const name = segments[segments.length - 1] ?? '';
  if (!name.endsWith(MODULE_SUFFIX) || name.length === MODULE_SUFFIX.length) return undefined;
  for (const [index, segment] of segments.entries()) {
    if (segment === '' || segment === '.' || segment === '..') return undefined;
    const folder = index < segments.length - 1;
    if (folder && (segment.startsWith('.') || segment === 'node_modules')) return undefined;
  }
  return segments;
}

/** The value to save for these files; undefined when there are too many to keep. */
export function lastListingValue(key: string, files: readonly ListedFile[]): LastListing | undefined {
  if (files.length > MAX_LISTED_FILES) return undefined;
  return { version: VERSION, key, files: files.map(([folder, path]) => [folder, path] as const) };
}

/**
 * The files of a saved listing that may be read now: none unless it was saved under `key`; of
 * those, each one whose folder index is below `folderCount` and whose path passes
 * {@link moduleFileSegments}, once. Anything else in the value is skipped.
 */
export function readLastListing(saved: unknown, key: string, folderCount: number): { readonly folder: number; readonly segments: readonly string[] }[] {
  if (typeof saved !== 'object' || saved === null) return [];
  const { version, key: savedKey, files } = saved as Partial<Record<keyof LastListing, unknown>>;
  if (version !== VERSION || savedKey !== key || !Array.isArray(files) || files.length > MAX_LISTED_FILES) return [];
  const seen = new Set<string>();
  const read: { folder: number; segments: string[] }[] = [];
  for (const entry of files as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) continue;
    const [folder, path] = entry as unknown[];
    if (typeof folder !== 'number' || !Number.isInteger(folder) || folder < 0 || folder >= folderCount || typeof path !== 'string') continue;
    const segments = moduleFileSegments(path);
    const id = `${folder}/${path}`;
    if (!segments || seen.has(id)) continue;
    seen.add(id);
    read.push({ folder, segments });
  }
  return read;
}
