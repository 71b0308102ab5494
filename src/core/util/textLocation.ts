/** Converts offsets in a text into 1-based line and column numbers. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      } else if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** 1-based line and column of an offset (columns count UTF-16 code units, as editors do). */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- 0 < mid <= high < lineStarts.length
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- low stays within lineStarts, which holds at least line 1's start
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }
}
