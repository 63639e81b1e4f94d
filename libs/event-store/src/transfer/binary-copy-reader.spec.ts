import { BinaryCopyReader, InstantText, int8Text, timestampMicros, uuidText } from './binary-copy-reader';

// A binary COPY as PostgreSQL writes it: header, rows of length-prefixed fields (-1: NULL), trailer.
function copyOf(rows: (Buffer | null)[][]): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0])];
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const field of row) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(field ? field.length : -1);
      parts.push(length, ...(field ? [field] : []));
    }
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

function read(fields: number, chunks: Buffer[]): (string | null)[][] {
  const rows: (string | null)[][] = [];
  const reader = new BinaryCopyReader(fields, (buf, start, length) => {
    rows.push(Array.from(length, (n, i) => (n < 0 ? null : buf.toString('utf8', start[i], start[i] + n))));
  });
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return rows;
}

function split(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(Buffer.from(bytes.subarray(i, i + size)));
  return chunks;
}

describe('BinaryCopyReader', () => {
  const rows = [
    [Buffer.from('a'), null, Buffer.from('质子治疗 "x"')],
    [Buffer.from(''), Buffer.from('b'.repeat(3000)), null],
    [Buffer.from('c'), Buffer.from('d'), Buffer.from('e')],
  ];
  const expected = rows.map((r) => r.map((f) => (f ? f.toString('utf8') : null)));

  it('hands over every row with its NULLs, however the bytes are cut into chunks', () => {
    const bytes = copyOf(rows);
    for (const size of [1, 2, 3, 7, 19, 21, 100, 1000, bytes.length])
      expect({ size, rows: read(3, split(bytes, size)) }).toEqual({ size, rows: expected });
  });

  it('reads several COPYs one after another (the pages of PGlite)', () => {
    const bytes = Buffer.concat([copyOf(rows.slice(0, 1)), copyOf([]), copyOf(rows.slice(1))]);
    expect(read(3, split(bytes, 5))).toEqual(expected);
  });

  it('refuses data that is not a binary COPY, a row of another width, and data cut before its trailer', () => {
    expect(() => read(3, [Buffer.from('PGCOPX\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1')])).toThrow(/signature/);
    expect(() => read(2, [copyOf(rows)])).toThrow(/3 fields, expected 2/);
    const bytes = copyOf(rows);
    expect(() => read(3, [bytes.subarray(0, bytes.length - 2)])).toThrow(/ended before its trailer/);
    expect(() => read(3, [])).toThrow(/ended before its trailer/);
  });
});

describe('binary field values', () => {
  it('int8 as decimal text, exact past 2^53', () => {
    const b = Buffer.alloc(8);
    for (const n of [0n, 1n, 4294967296n, 9007199254740993n, -5n, 9223372036854775807n]) {
      b.writeBigInt64BE(n);
      expect(int8Text(b, 0)).toBe(n.toString());
    }
  });

  it('uuid as PostgreSQL writes it', () => {
    expect(uuidText(Buffer.from('6f1d3c1e00004000800000000000000a', 'hex'), 0)).toBe(
      '6f1d3c1e-0000-4000-8000-00000000000a',
    );
  });

  it('timestamptz (µs since 2000) as µs since 1970', () => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(-946684800000000n + 1736467200123456n);
    expect(timestampMicros(b, 0)).toBe(1736467200123456);
  });

  it('instants as to_char writes them and as event_chain_content counts them, before 1970 too', () => {
    const text = new InstantText();
    const cases: [number, string][] = [
      [1736467200123456, '2025-01-10T00:00:00.123456Z'],
      [1736467200000000, '2025-01-10T00:00:00.000000Z'],
      [1709221199123456, '2024-02-29T15:39:59.123456Z'],
      [1736553599999999, '2025-01-10T23:59:59.999999Z'],
      [1, '1970-01-01T00:00:00.000001Z'],
      [0, '1970-01-01T00:00:00.000000Z'],
      [-1, '1969-12-31T23:59:59.999999Z'],
      [-86_400_000_000 - 500_000, '1969-12-30T23:59:59.500000Z'],
      [4102444800000007, '2100-01-01T00:00:00.000007Z'],
    ];
    for (const [micros, iso] of cases) {
      text.set(micros);
      expect({ micros: text.micros, iso: text.iso }).toEqual({ micros: String(micros), iso });
    }
  });
});
