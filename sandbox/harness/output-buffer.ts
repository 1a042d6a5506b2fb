/** Collects the candidate's stdout/stderr up to a cap; past the cap it only counts and reports the overflow. */
export class OutputBuffer {
  private chunks: Buffer[] = [];
  private stored = 0;
  total = 0;

  constructor(
    private readonly limitBytes: number,
    private readonly keepBytes: number,
    private readonly onOverflow: () => void,
  ) {}

  write(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.stored < this.keepBytes) {
      const part = chunk.subarray(0, this.keepBytes - this.stored);
      this.chunks.push(part);
      this.stored += part.length;
    }
    if (this.total > this.limitBytes) this.onOverflow();
  }

  get overflowed(): boolean {
    return this.total > this.limitBytes;
  }

  text(): { output: string; truncated: boolean } {
    return { output: Buffer.concat(this.chunks).toString('utf8'), truncated: this.total > this.stored };
  }
}
