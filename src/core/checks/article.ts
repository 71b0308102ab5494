import { MAX_ARTICLE_BYTES, megabytes } from '../module/limits';
import { english, type Translate } from '../util/translate';
import { problemAt, type ModuleProblem } from './problems';
import type { ModuleValidation } from './validation';
import { clip } from './wording';

/** Why an `article` path is not acceptable, as a whole message, or undefined when it is. */
export function articlePathProblem(path: string, t: Translate = english): string | undefined {
  if (path.trim() === '') return t('Module: "article" must not be empty.');
  if (!/\.md$/i.test(path)) return t('Module: "article" must name a Markdown file ending in ".md" (found "{0}").', clip(path));
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.startsWith('/') || path.startsWith('\\')) {
    return t('Module: "article" must be a path relative to this file, not "{0}".', clip(path));
  }
  let depth = 0;
  for (const segment of path.split(/[\\/]/)) {
    if (segment === '..') depth--;
    else if (segment !== '.' && segment !== '') depth++;
    if (depth < 0) return t('Module: "article" must stay inside this file\'s folder ("{0}" leaves it).', clip(path));
  }
  return undefined;
}

/**
 * A problem at the module's `article` value when its article is over {@link MAX_ARTICLE_BYTES},
 * or undefined.
 */
export function articleSizeProblem(
  validation: ModuleValidation,
  byteLength: number,
  text: string,
  file: string,
  t: Translate = english,
): ModuleProblem | undefined {
  if (!(byteLength > MAX_ARTICLE_BYTES)) return undefined;
  return problemAt(
    text,
    file,
    validation.articleSpan ?? { offset: 0, length: 0 },
    t('Module: the article is {0} MB; an article may be at most {1} MB, so the module was not loaded.', megabytes(byteLength), megabytes(MAX_ARTICLE_BYTES)),
  );
}
