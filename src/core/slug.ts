/**
 * Heading ids as GitHub makes them: lower case, every character that is not a letter, a mark, a
 * digit, a connector (`_`), a space or a hyphen dropped, spaces turned into hyphens, and a
 * repeated slug numbered (`intro`, `intro-1`…). The same slugs as the github-slugger package for
 * every character its Unicode tables know, without shipping those tables: the engine's Unicode
 * properties say what a letter is (letters added to Unicode since are kept, not dropped).
 */
const DROPPED = /[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc} -]/gu;

/** The slug of one text, without numbering. */
export function slugOf(text: string): string {
  return text.toLowerCase().replace(DROPPED, '').replace(/ /g, '-');
}

/** Gives each text a slug not given before (since the last {@link reset}). */
export class Slugger {
  /** Slug -> how many times a text has asked for it beyond the first. */
  private taken = new Map<string, number>();

  slug(text: string): string {
    const base = slugOf(text);
    let slug = base;
    // `intro`, then `intro-1`, `intro-2`…, skipping any a heading already has ("Intro 1").
    while (this.taken.has(slug)) {
      const count = this.taken.get(base)! + 1;
      this.taken.set(base, count);
      slug = `${base}-${count}`;
    }
    this.taken.set(slug, 0);
    return slug;
  }

  reset(): void {
    this.taken = new Map();
  }
}
