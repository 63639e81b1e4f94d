import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

/** A body refused before JSON.parse; body-parser passes `status` and `type` on, the problem filter maps them. */
export class JsonBodyError extends Error {
  readonly status = 400;
  constructor(
    readonly type: 'entity.invalid.utf8' | 'entity.duplicate.key' | 'entity.too.deep' | 'entity.forbidden.key',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Deeper than any request the API takes (a proposal's targets[0].authority is 3); deeper input is refused unread. */
export const MAX_JSON_DEPTH = 32;
// Keys that reach an object's prototype when merged carelessly; never a field of ours. class-transformer drops
// them silently, so the whitelist would never see them.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

/**
 * body-parser's `verify`: a UTF-8 body must be valid UTF-8 (the decoder would silently put U+FFFD into the
 * record); no object may name a key twice (JSON.parse keeps the last one, another parser the first), nest deeper
 * than MAX_JSON_DEPTH (recursive transformers overflow the stack) or carry a `__proto__` or `constructor` key.
 */
export function verifyJsonBody(_req: IncomingMessage, _res: unknown, body: Buffer, encoding: string | null): void {
  if ((encoding ?? 'utf-8').toLowerCase().replace('-', '') === 'utf8' && !isUtf8(body)) {
    throw new JsonBodyError('entity.invalid.utf8', 'The body is not valid UTF-8.');
  }
  const found = inspectJson(body.toString('utf8'));
  if (!found) return;
  switch (found.kind) {
    case 'duplicate':
      throw new JsonBodyError('entity.duplicate.key', `The key ${found.path} appears more than once.`, found.path);
    case 'forbidden':
      throw new JsonBodyError('entity.forbidden.key', `property ${found.path} should not exist`, found.path);
    case 'depth':
      throw new JsonBodyError('entity.too.deep', `The body nests deeper than ${MAX_JSON_DEPTH} levels${found.path ? ` (at ${found.path.split('.')[0]})` : ''}.`, found.path.split('.')[0] || undefined);
  }
}

interface Frame {
  keys?: Set<string>;
  key?: string;
  index: number;
  parent?: Frame;
}

function pathOf(frame: Frame | undefined, key?: string): string {
  const parts = key === undefined ? [] : [key];
  for (let f = frame; f?.parent; f = f.parent) parts.unshift(f.parent.keys ? String(f.parent.key) : String(f.parent.index));
  return parts.join('.');
}

/** The first structural problem of a JSON text: a repeated key, a forbidden key, too deep a nesting. Iterative. */
export function inspectJson(text: string, maxDepth = MAX_JSON_DEPTH): { kind: 'duplicate' | 'forbidden' | 'depth'; path: string } | undefined {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return undefined; // not JSON: JSON.parse will say so
        }
        if (top.keys.has(key)) return { kind: 'duplicate', path: pathOf(top, key) };
        if (FORBIDDEN_KEYS.has(key)) return { kind: 'forbidden', path: pathOf(top, key) };
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const frame: Frame = { keys: c === 0x7b ? new Set() : undefined, index: 0, parent: stack[stack.length - 1] };
      if (stack.length >= maxDepth) return { kind: 'depth', path: pathOf(frame) };
      stack.push(frame);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}

/** The dotted path of the first key repeated within one object, or undefined. */
export function findDuplicateKey(text: string): string | undefined {
  const found = inspectJson(text, Infinity);
  return found?.kind === 'duplicate' ? found.path : undefined;
}
