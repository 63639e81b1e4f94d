// PostgreSQL's binary COPY format (COPY … TO STDOUT (FORMAT binary)): a header, then per row a field count and each
// field as a length (-1: NULL) and its bytes in the type's binary form, then -1 as the trailer. Rows are handed over as
// offsets into the chunk they arrived in: nothing is copied or decoded unless the caller does it.

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = SIGNATURE.length + 8; // flags and header extension length

export type CopyRowHandler = (buf: Buffer, start: Int32Array, length: Int32Array) => void;

/**
 * Takes the bytes of one or more binary COPYs one after another, in chunks of any size, and calls `onRow` for each
 * row of `fields` fields with each field's offset and length in `buf` (length -1: NULL). The arrays are reused.
 */
export class BinaryCopyReader {
  private readonly start: Int32Array;
  private readonly length: Int32Array;
  private rest: Buffer | null = null;
  private joined: Buffer = Buffer.allocUnsafe(256 * 1024);
  private expectHeader = true;
  private copies = 0;

  constructor(
    private readonly fields: number,
    private readonly onRow: CopyRowHandler,
  ) {
    this.start = new Int32Array(fields);
    this.length = new Int32Array(fields);
  }

  push(chunk: Buffer): void {
    // A row split between chunks is completed from the next one (a row larger than a chunk: several times), in one
    // reused buffer: the rest is moved to its start and the chunk copied after it.
    let buf = chunk;
    if (this.rest) {
      const size = this.rest.length + chunk.length;
      if (this.joined.length < size) {
        const larger = Buffer.allocUnsafe(Math.max(size, 2 * this.joined.length));
        this.rest.copy(larger, 0);
        this.joined = larger;
      } else {
        this.rest.copy(this.joined, 0);
      }
      chunk.copy(this.joined, this.rest.length);
      buf = this.joined.subarray(0, size);
    }
    const end = buf.length;
    let p = 0;
    for (;;) {
      if (this.expectHeader) {
        if (end - p < HEADER) break;
        if (buf.compare(SIGNATURE, 0, SIGNATURE.length, p, p + SIGNATURE.length) !== 0)
          throw new Error('not a binary COPY (signature)');
        const extension = buf.readUInt32BE(p + SIGNATURE.length + 4);
        if (end - p < HEADER + extension) break;
        p += HEADER + extension;
        this.expectHeader = false;
        this.copies++;
        continue;
      }
      if (end - p < 2) break;
      const count = buf.readInt16BE(p);
      if (count === -1) {
        p += 2;
        this.expectHeader = true;
        continue;
      }
      if (count !== this.fields) throw new Error(`binary COPY: a row of ${count} fields, expected ${this.fields}`);
      let q = p + 2;
      let complete = true;
      for (let i = 0; i < count; i++) {
        if (end - q < 4) {
          complete = false;
          break;
        }
        const n = buf.readInt32BE(q);
        q += 4;
        this.start[i] = q;
        this.length[i] = n;
        if (n > 0) {
          if (end - q < n) {
            complete = false;
            break;
          }
          q += n;
        }
      }
      if (!complete) break;
      this.onRow(buf, this.start, this.length);
      p = q;
    }
    this.rest = p < end ? buf.subarray(p) : null;
  }

  /** Throws unless every COPY pushed ended with its trailer. */
  end(): void {
    if (this.rest || !this.expectHeader || this.copies === 0)
      throw new Error('binary COPY: the data ended before its trailer');
  }
}

const PG_EPOCH_US = 946_684_800_000_000; // 2000-01-01 in µs since 1970

/** An int8 field as decimal text (exact beyond 2^53 too). */
export function int8Text(buf: Buffer, at: number): string {
  const high = buf.readInt32BE(at);
  if (high >= -0x200000 && high < 0x200000) return String(high * 0x1_0000_0000 + buf.readUInt32BE(at + 4));
  return buf.readBigInt64BE(at).toString();
}

/** A timestamptz field (µs since 2000-01-01 UTC) as µs since 1970 UTC. */
export function timestampMicros(buf: Buffer, at: number): number {
  const high = buf.readInt32BE(at);
  const micros = high * 0x1_0000_0000 + buf.readUInt32BE(at + 4) + PG_EPOCH_US;
  if (!Number.isSafeInteger(micros)) throw new RangeError('binary COPY: an instant beyond what the export writes');
  return micros;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * An instant (µs since 1970 UTC) as the export writes it twice: `micros`, its decimal digits (event_chain_content's
 * `(extract(epoch FROM t) * 1000000)::bigint`), and `iso`, as `to_char(t AT TIME ZONE 'UTC',
 * 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` writes it (years 1-9999). One instance per column: it keeps the last day's text.
 */
export class InstantText {
  micros = '';
  iso = '';
  private day = Number.NaN;
  private dayText = '';

  set(micros: number): void {
    const second = Math.floor(micros / 1_000_000);
    const fraction = micros - second * 1_000_000;
    const fractionText = fraction < 100_000 ? String(fraction).padStart(6, '0') : String(fraction);
    // Digits of small integers come fast; a number beyond 2^31 takes the slow general path.
    this.micros = second > 0 && second < 0x7fff_ffff ? `${second}${fractionText}` : String(micros);
    const day = Math.floor(second / 86_400);
    if (day !== this.day) {
      const iso = new Date(day * 86_400_000).toISOString();
      if (iso.length !== 24) throw new RangeError(`an instant outside the years 1-9999: ${iso}`);
      this.day = day;
      this.dayText = iso.slice(0, 11);
    }
    const inDay = second - day * 86_400;
    const hour = Math.floor(inDay / 3600);
    const minute = Math.floor((inDay - hour * 3600) / 60);
    this.iso = `${this.dayText}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[inDay - hour * 3600 - minute * 60]}.${fractionText}Z`;
  }
}

/** A uuid field as PostgreSQL writes it (lower-case hex, 8-4-4-4-12). */
export function uuidText(buf: Buffer, at: number): string {
  const hex = buf.toString('hex', at, at + 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
