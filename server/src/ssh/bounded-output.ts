/**
 * What a command printed, kept within a bound: the first bytes and the last ones, with a note
 * of how much was left out between them. The head holds what parsers read (`docker service ps`
 * JSON lines); the tail holds what an error message needs (the last lines a failing command
 * printed). Without a bound, a command that prints without end would fill Mission Control's
 * memory.
 */
export class BoundedOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private leftOut = 0;

  constructor(
    private readonly headLimit: number,
    private readonly tailLimit: number,
  ) {}

  push(chunk: Buffer): void {
    if (this.headBytes < this.headLimit) {
      const room = this.headLimit - this.headBytes;
      const taken = chunk.subarray(0, room);
      this.head.push(taken);
      this.headBytes += taken.length;
      if (taken.length === chunk.length) return;
      chunk = chunk.subarray(room);
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes - this.tail[0].length >= this.tailLimit) {
      const dropped = this.tail.shift()!;
      this.tailBytes -= dropped.length;
      this.leftOut += dropped.length;
    }
  }

  /** Bytes received in all. */
  get received(): number {
    return this.headBytes + this.tailBytes + this.leftOut;
  }

  toString(): string {
    let tail = Buffer.concat(this.tail);
    let leftOut = this.leftOut;
    if (tail.length > this.tailLimit) {
      leftOut += tail.length - this.tailLimit;
      tail = tail.subarray(tail.length - this.tailLimit);
    }
    const head = Buffer.concat(this.head);
    if (leftOut === 0) return Buffer.concat([head, tail]).toString('utf8');
    // cut at character boundaries, so the cut itself adds no replacement characters
    const headEnd = utf8Boundary(head, head.length);
    const tailStart = utf8Boundary(tail, 0, true);
    const omitted = leftOut + (head.length - headEnd) + tailStart;
    return `${head.subarray(0, headEnd).toString('utf8')}\n... ${omitted} bytes left out ...\n${tail.subarray(tailStart).toString('utf8')}`;
  }
}

/** The nearest index at or before (or, forward, at or after) `at` that starts a UTF-8 character. */
function utf8Boundary(bytes: Buffer, at: number, forward = false): number {
  let i = at;
  const isContinuation = (n: number) => n < bytes.length && (bytes[n] & 0xc0) === 0x80;
  if (forward) {
    while (i < bytes.length && i < at + 3 && isContinuation(i)) i++;
    return i;
  }
  // a character whose last byte is the buffer's last is whole: only a partial one is cut
  let start = i - 1;
  while (start > 0 && start > at - 4 && isContinuation(start)) start--;
  if (start < 0) return 0;
  const lead = bytes[start];
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start + length <= at ? at : start;
}
