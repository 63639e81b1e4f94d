import { isCanonicalInstant, laterOf } from './row-batch';

// What laterOf answered before it compared canonical instants as strings.
const parsed = (a: unknown, b: string): string => (typeof a === 'string' && Date.parse(a) > Date.parse(b) ? a : b);

// A deterministic PRNG (mulberry32), so a failure names the same pair on every run.
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Spellings Date.parse reads that are not what toISOString writes: other precisions, offsets, dates only, and
// days, hours that roll over to the next day or month.
const OTHER = [
  '2024-03-01T00:00:00Z',
  '2024-03-01T00:00:00.5Z',
  '2024-03-01T00:00:00.123456Z',
  '2024-03-01T01:00:00.000+01:00',
  '2024-02-29T23:00:00.000-01:00',
  '2024-03-01',
  '2024-02-30T00:00:00.000Z',
  '2024-02-31T12:00:00.000Z',
  '2023-02-29T00:00:00.000Z',
  '2024-04-31T12:00:00.000Z',
  '2024-02-29T24:00:00.000Z',
  '+010000-01-01T00:00:00.000Z',
  '2024-13-01T00:00:00.000Z',
  '2024-03-01T00:60:00.000Z',
  '2024-03-01t00:00:00.000z',
  'not a date',
  '',
];

describe('laterOf', () => {
  it('answers as parsing both would, for canonical instants far apart and close together', () => {
    const random = prng(20240611);
    const from = Date.parse('0000-01-01T00:00:00.000Z');
    const to = Date.parse('9999-12-31T23:59:59.999Z');
    for (let i = 0; i < 20_000; i++) {
      const t = from + Math.floor(random() * (to - from));
      // Far apart, within a day, within a second, and the same instant.
      const others = [from + Math.floor(random() * (to - from)), t + Math.floor((random() - 0.5) * 86_400_000), t + Math.floor((random() - 0.5) * 2_000), t];
      const a = new Date(t).toISOString();
      for (const o of others) {
        const b = new Date(Math.min(to, Math.max(from, o))).toISOString();
        expect([a, b].every(isCanonicalInstant)).toBe(true);
        expect(laterOf(a, b)).toBe(parsed(a, b));
        expect(laterOf(b, a)).toBe(parsed(b, a));
      }
    }
  });

  it('answers as parsing both would, for every spelling besides the canonical one and for missing values', () => {
    const canonical = ['2024-02-29T23:00:00.000Z', '2024-03-01T00:00:00.000Z', '2024-03-01T12:00:00.000Z', '2024-05-01T00:00:00.000Z', '2024-05-01T06:00:00.000Z'];
    const all = [...canonical, ...OTHER];
    for (const a of all) for (const b of all) expect(laterOf(a, b)).toBe(parsed(a, b));
    for (const b of all) for (const a of [null, undefined, 0, new Date(b)]) expect(laterOf(a, b)).toBe(parsed(a, b));
  });

  it('takes only what toISOString writes as canonical', () => {
    for (const s of OTHER) expect(isCanonicalInstant(s)).toBe(false);
    for (const s of ['2024-02-29T23:59:59.999Z', '2000-02-29T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2023-04-30T00:00:00.000Z']) {
      expect(isCanonicalInstant(s)).toBe(true);
      expect(new Date(s).toISOString()).toBe(s);
    }
    expect(isCanonicalInstant('1900-02-29T00:00:00.000Z')).toBe(false);
  });
});
