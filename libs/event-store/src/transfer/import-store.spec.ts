import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainHashOf, copyText, epochMicros, fileLines, ImportRow, parseLine } from './import-store';

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

describe('fileLines', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-lines-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function linesOf(content: string | Buffer, chunkBytes: number): Promise<{ lines: string[]; sha256: string }> {
    const file = join(dir, 'lines.ndjson');
    await writeFile(file, content);
    const hash = createHash('sha256');
    const lines: string[] = [];
    for await (const line of fileLines(file, hash, chunkBytes)) lines.push(line);
    return { lines, sha256: hash.digest('hex') };
  }
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it.each([4, 7, 64 * 1024])('splits \\n and \\r\\n lines, a last line without \\n, lines longer than the buffer and characters cut by it (buffer %i)', async (chunkBytes) => {
    const long = `{"t": "${'长'.repeat(50)}"}`;
    const { lines, sha256: hashed } = await linesOf(`a\r\n\n${long}\n监管\r\nlast`, chunkBytes);
    expect(lines).toEqual(['a', '', long, '监管', 'last']);
    // The hash is the file's with every line ending as \n (an export's manifest names the file as written).
    expect(hashed).toBe(sha256(`a\n\n${long}\n监管\nlast\n`));
  });

  it('gives nothing for an empty file and no empty last line after a final \\n', async () => {
    expect((await linesOf('', 8)).lines).toEqual([]);
    expect((await linesOf('x\n', 8)).lines).toEqual(['x']);
  });
});
