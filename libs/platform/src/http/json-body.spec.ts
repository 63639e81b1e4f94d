import { findDuplicateKey, inspectJson, verifyJsonBody } from './json-body';

describe('JSON body checks', () => {
  it('names the first key repeated within one object, by its path', () => {
    expect(findDuplicateKey('{"a":1,"b":{"c":[{"d":1,"d":2}]}}')).toBe('b.c.0.d');
    expect(findDuplicateKey('{"title":"A","title":"B"}')).toBe('title');
    expect(findDuplicateKey('{"a":{"x":1},"b":{"x":1},"s":"\\"a\\":1,\\"a\\":2"}')).toBeUndefined();
    expect(findDuplicateKey('[{"a":1},{"a":1}]')).toBeUndefined();
    expect(findDuplicateKey('{"\\u0061":1,"a":2}')).toBe('a');
  });

  it('scans any nesting depth without recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(findDuplicateKey(deep)).toBeUndefined();
    expect(findDuplicateKey(`${'{"a":'.repeat(20_000)}{"k":1,"k":2}${'}'.repeat(20_000)}`)).toMatch(/^a(\.a)*\.k$/);
  });

  it('stops at the depth limit and at a __proto__ key, naming where', () => {
    expect(inspectJson('{"a":[[1]]}', 3)).toBeUndefined();
    expect(inspectJson('{"a":[[[1]]]}', 3)).toEqual({ kind: 'depth', path: 'a.0.0' });
    expect(inspectJson('{"a":{"__proto__":{"x":1}}}')).toEqual({ kind: 'forbidden', path: 'a.__proto__' });
    expect(inspectJson('{"a":"__proto__"}')).toBeUndefined();
  });

  it('refuses invalid UTF-8 and duplicate keys with a 400 body-parser understands', () => {
    expect(() => verifyJsonBody({} as never, {}, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), 'utf-8')).toThrow(
      expect.objectContaining({ status: 400, type: 'entity.invalid.utf8' }),
    );
    expect(() => verifyJsonBody({} as never, {}, Buffer.from('{"a":1,"a":2}'), 'utf-8')).toThrow(expect.objectContaining({ status: 400, type: 'entity.duplicate.key', field: 'a' }));
    expect(() => verifyJsonBody({} as never, {}, Buffer.from('{"a":"ü"}'), 'utf-8')).not.toThrow();
  });
});
