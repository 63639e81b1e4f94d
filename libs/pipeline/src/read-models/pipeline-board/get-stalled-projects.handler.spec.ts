import fc from 'fast-check';
import { atOrBefore } from './get-stalled-projects.handler';

describe('atOrBefore (the stalled count cut from the kept list)', () => {
  it('counts the entries at or before the limit, as a linear count does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 })), fc.integer({ min: -5, max: 55 }), (values, limit) => {
        const sorted = Float64Array.from(values.sort((a, b) => a - b));
        expect(atOrBefore(sorted, limit)).toBe(values.filter((v) => v <= limit).length);
      }),
    );
  });

  it('handles the empty list and the ends', () => {
    expect(atOrBefore(new Float64Array(0), 10)).toBe(0);
    expect(atOrBefore(Float64Array.from([1, 2, 2, 3]), 2)).toBe(3);
    expect(atOrBefore(Float64Array.from([1, 2, 2, 3]), 0)).toBe(0);
    expect(atOrBefore(Float64Array.from([1, 2, 2, 3]), 3)).toBe(4);
  });
});
