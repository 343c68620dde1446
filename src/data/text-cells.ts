/**
 * A column of text cells, kept compactly: a million ids held as a million strings cost about 90 bytes each
 * (nnlab predict of 1M rows with an id and a label column: 396 MB -> 583 MB). Here every BLOCK cells are
 * joined into one string with the ends of its cells, so a cell costs its characters and 4 bytes.
 */
const BLOCK = 4096;

export class TextCells {
  private readonly blocks: Array<{ text: string; ends: Uint32Array }> = [];
  private pending: string[] = [];

  push(cell: string): void {
    this.pending.push(cell);
    if (this.pending.length === BLOCK) this.seal();
  }

  get length(): number {
    return this.blocks.length * BLOCK + this.pending.length;
  }

  /** Cell i, as pushed. */
  get(i: number): string {
    const b = Math.floor(i / BLOCK);
    if (b === this.blocks.length) return this.pending[i - b * BLOCK]!;
    const block = this.blocks[b]!;
    const k = i - b * BLOCK;
    return block.text.slice(k === 0 ? 0 : block.ends[k - 1]!, block.ends[k]!);
  }

  private seal(): void {
    const ends = new Uint32Array(this.pending.length);
    let end = 0;
    this.pending.forEach((cell, k) => (ends[k] = end += cell.length));
    this.blocks.push({ text: this.pending.join(""), ends });
    this.pending = [];
  }
}
