import { createHash } from 'node:crypto';
import { chainHashOf, copyText, epochMicros, ImportRow, parseLine } from './import-store';

const row: ImportRow = {
  line: 1,
  p: 42,
  id: '6f1d3c1e-0000-4000-8000-000000000001',
  s: 'project\t"tab"\nline\\back\rcr',
  r: 0,
  t: 'Type',
  v: 1,
  a: 'actor',
  why: null,
  c: 'c\\1',
  k: null,
  o: '1969-12-31T23:59:59.999999Z',
  rec: '2025-01-10T00:00:00.000001Z',
  d: '{"t": "a\\tb \\\\ c"}',
  m: '{}',
  ph: '0'.repeat(64),
  h: 'ab'.repeat(32),
};

describe('import rows', () => {
  it('go into COPY text with tab, newline, return and backslash escaped, NULL as \\N and hashes as bytea hex', () => {
    expect(copyText([row]).toString()).toBe(
      '42\t6f1d3c1e-0000-4000-8000-000000000001\tproject\\t"tab"\\nline\\\\back\\rcr\t0\tType\t1\t{"t": "a\\\\tb \\\\\\\\ c"}\t{}\tactor\t\\N\t' +
        'c\\\\1\t\\N\t1969-12-31T23:59:59.999999Z\t2025-01-10T00:00:00.000001Z\t\\\\x' +
        '0'.repeat(64) +
        '\t\\\\x' +
        'ab'.repeat(32) +
        '\n',
    );
  });

  it('instants as event_chain_content counts them (µs since 1970, before it too)', () => {
    expect(epochMicros('1969-12-31T23:59:59.999999Z')).toBe('-1');
    expect(epochMicros('2025-01-10T00:00:00.000001Z')).toBe('1736467200000001');
  });

  it('a line’s hash recomputed from the line alone', () => {
    const line = JSON.stringify({
      globalPosition: 1,
      eventId: row.id,
      streamId: 's',
      revision: 0,
      type: 'T',
      schemaVersion: 1,
      actorId: 'a',
      reason: null,
      correlationId: null,
      idempotencyKey: null,
      occurredAt: row.o,
      recordedAt: row.rec,
      data: {},
      metadata: {},
      prevHash: row.ph,
      hash: row.h,
    });
    const content = `[1, "${row.id}", "s", 0, "T", 1, {}, {}, "a", null, null, null, -1, 1736467200000001]`;
    const expected = createHash('sha256').update(Buffer.alloc(32)).update(content).digest('hex');
    expect(chainHashOf(parseLine(line, 1))).toBe(expected);
  });
});
