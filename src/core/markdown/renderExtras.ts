/**
 * The heavy parts of the Markdown pipeline: syntax highlighting (highlight.js core with a fixed
 * list of languages) and TeX to MathML (temml). Kept in their own module so the extension host
 * loads them only when a document has a fenced code block with a language or a formula (see host/markdown/renderExtrasLoader), and the
 * webview never loads them at all: it receives the finished, sanitized HTML.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import temml from 'temml';
import type { MathResult, RenderExtras } from './markdownExtras';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, python, rust, sql, typescript, xml, yaml };
/** Fence names authors write, beyond the languages' own names and highlight.js's aliases. */
const EXTRA_ALIASES: Record<string, string> = { shell: 'bash', sh: 'bash', zsh: 'bash', console: 'bash', html: 'xml', svg: 'xml', 'c++': 'cpp', 'c#': 'csharp', yml: 'yaml', jsonc: 'json' };

let registered = false;
function ready(): typeof hljs {
  if (!registered) {
    for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
    hljs.configure({ ignoreUnescapedHTML: true, throwUnescapedHTML: false });
    registered = true;
  }
  return hljs;
}

export const renderExtras: RenderExtras = {
  languageOf(fence: string): string | undefined {
    const name = fence.trim().toLowerCase();
    if (name === '') return undefined;
    const known = EXTRA_ALIASES[name] ?? name;
    const language = ready().getLanguage(known);
    if (!language) return undefined;
    return Object.keys(LANGUAGES).find((key) => ready().getLanguage(key) === language);
  },

  highlight(code: string, language: string): string | undefined {
    try {
      return ready().highlight(code, { language, ignoreIllegals: true }).value;
    } catch {
      return undefined;
    }
  },

  math(tex: string, display: boolean): MathResult {
    try {
      const html = temml.renderToString(tex, { displayMode: display, throwOnError: true, trust: false, annotate: false, xml: false, maxExpand: 1000, maxSize: [-Infinity, 100] });
      // temml writes a few inline styles (padding, colours); the page allows none, so they go here,
      // where the output is temml's own well-formed markup, rather than being left to DOMPurify.
      return { html: html.replace(/ style="[^"]*"/g, '') };
    } catch (error) {
      // temml's message ends with the source, underlined with combining marks: its first line is enough.
      const message = ((error instanceof Error ? error.message : String(error)).trim().split('\n', 1)[0] ?? '').replace(/:\s*$/, '');
      const position = typeof (error as { position?: unknown }).position === 'number' ? (error as { position: number }).position : undefined;
      return { error: message, ...(position !== undefined ? { position } : {}) };
    }
  },
};
