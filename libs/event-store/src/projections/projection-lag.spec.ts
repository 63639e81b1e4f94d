import { lagBehind } from './projection-lag';

const at = (transactionId: string, globalPosition: number) => ({ transactionId, globalPosition });

describe('projection lag', () => {
  it('is 0 on an empty store and once the reader has the head', () => {
    expect(lagBehind(null, null)).toBe(0);
    expect(lagBehind(at('10', 7), at('10', 7))).toBe(0);
    // A checkpoint handed over by a rebuild may be past a head read a moment earlier.
    expect(lagBehind(at('11', 9), at('10', 7))).toBe(0);
  });

  it('counts positions up to the head', () => {
    expect(lagBehind(null, at('10', 7))).toBe(7);
    expect(lagBehind(at('9', 3), at('10', 7))).toBe(4);
  });

  it('is at least 1 while behind, even when a later transaction took a lower position', () => {
    // Delivery order is (transaction, position): the head (12, 5) comes after (11, 6).
    expect(lagBehind(at('11', 6), at('12', 5))).toBe(1);
  });
});
