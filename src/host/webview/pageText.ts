/** Text a page's first document carries, made as small as it can be (host/webview/webviewHtml.ts). */

/**
 * A stylesheet without its comments and indentation, for a smaller first document: no string in
 * these sheets holds a comment marker, and none can hold a line break.
 */
export function trimStylesheet(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\n\s+/g, '\n').trim();
}

/**
 * The data a page script starts from, as a JSON data block (never run: not a script type): the
 * smallest way to carry it (an attribute would escape every quote). `<` is written as its JSON
 * escape, so no text in it can end the element; so is every character beyond ASCII, so the page
 * stays a one-byte string (`asciiHtml`).
 */
export function initialDataBlock(data: unknown): string {
  const json = JSON.stringify(data).replace(/[<\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `<script type="application/json" id="qm-initial">${json}</script>`;
}

/**
 * HTML text or an attribute value with every character beyond ASCII written as a character
 * reference. V8 keeps a string whose characters are all Latin-1 in one byte each, and all of it in
 * two bytes once one character is not: a page of 90 KB would take 180 KB at each copy on its way
 * from the extension host into the webview (the RPC message, the workbench's, the webview host
 * frame's parse and write).
 */
export function asciiHtml(html: string): string {
  return html.replace(/[\u0080-\u{10ffff}]/gu, (c) => `&#x${(c.codePointAt(0) ?? 0).toString(16)};`);
}
