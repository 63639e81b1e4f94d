#!/usr/bin/env node
// Verifies an export of the record offline, with nothing but Node.js (18 or later; no packages, no database):
//
//   node scripts/verify-export.mjs <export folder | events.ndjson>
//
// For every line of events.ndjson it recomputes the event's hash, sha256(prevHash ‖ canonical content), checks that
// prevHash is the hash of the stream's previous event (32 zero bytes before revision 0) and that revisions and global
// positions follow each other. With the folder's manifest.json it also checks the event count, the file's sha256 and
// each stream's last revision and hash. Exit code 0: intact; 1: the first bad line is named; 2: cannot be read.
//
// The canonical content is what the database hashes (event_chain_content in libs/event-store): the jsonb text of
//   [globalPosition, eventId, streamId, revision, type, schemaVersion, data, metadata, actorId, reason,
//    correlationId, idempotencyKey, occurredAt and recordedAt as integer microseconds since 1970-01-01 UTC]
// jsonb's text: object keys ordered by UTF-8 length then bytes (a repeated key keeps its last value), ", " between
// items and ": " after keys, numbers as PostgreSQL's numeric prints them (no exponent), strings escaped as
// PostgreSQL's escape_json does (only " \ and control characters).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const GENESIS = '0'.repeat(64);

class Bad extends Error {}

// ---- JSON with numbers kept as written ----
class Num {
  constructor(token) {
    this.token = token;
  }
}

function parseJson(text) {
  let i = 0;
  const fail = (what) => {
    throw new Bad(`invalid JSON at character ${i + 1}: ${what}`);
  };
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const value = () => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const pairs = [];
      space();
      if (text[i] === '}') return i++, { pairs };
      for (;;) {
        space();
        if (text[i] !== '"') fail('expected a key');
        const key = string();
        space();
        if (text[i++] !== ':') fail("expected ':'");
        pairs.push([key, value()]);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return i++, { pairs };
        else fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const items = [];
      space();
      if (text[i] === ']') return i++, items;
      for (;;) {
        items.push(value());
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return i++, items;
        else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) return (i += word.length), v;
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('expected a value');
    i += m[0].length;
    return new Num(m[0]);
  };
  const string = () => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i];
      if (c === '"') break;
      if (c < ' ') fail('control character in a string');
      i += c === '\\' ? 2 : 1;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i));
    } catch {
      return fail('bad escape in a string');
    }
  };
  const v = value();
  space();
  if (i !== text.length) fail('text after the value');
  return v;
}

// ---- jsonb's text ----
function numericText(token) {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(token);
  const frac = m[3] ?? '';
  const scale = frac.length - Number(m[4] ?? 0);
  let digits = m[2] + frac;
  let out;
  if (scale <= 0) out = (digits + '0'.repeat(-scale)).replace(/^0+(?=\d)/, '');
  else {
    digits = digits.padStart(scale + 1, '0');
    out = `${digits.slice(0, -scale).replace(/^0+(?=\d)/, '')}.${digits.slice(-scale)}`;
  }
  return m[1] && /[1-9]/.test(out) ? `-${out}` : out;
}

function escapeJson(s) {
  let out = '"';
  for (const ch of s) {
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ') out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function jsonbText(v) {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (v instanceof Num) return numericText(v.token);
  if (typeof v === 'string') return escapeJson(v);
  if (Array.isArray(v)) return `[${v.map(jsonbText).join(', ')}]`;
  const byKey = new Map();
  for (const [k, val] of v.pairs) byKey.set(k, val);
  const keys = [...byKey.keys()].map((k) => [k, Buffer.from(k, 'utf8')]);
  keys.sort(([, a], [, b]) => a.length - b.length || Buffer.compare(a, b));
  return `{${keys.map(([k]) => `${escapeJson(k)}: ${jsonbText(byKey.get(k))}`).join(', ')}}`;
}

// ---- one line ----
function microseconds(iso, field) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})Z$/.exec(iso ?? '');
  if (!m) throw new Bad(`${field}: expected an instant like 2025-01-10T08:00:00.000000Z`);
  const date = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  date.setUTCFullYear(Number(m[1]));
  return BigInt(date.getTime()) * 1000n + BigInt(m[7]);
}

function checkLine(text, heads, state) {
  const parsed = parseJson(text);
  if (!parsed || !parsed.pairs) throw new Bad('not a JSON object');
  const f = Object.fromEntries(parsed.pairs);
  const int = (k) => {
    if (!(f[k] instanceof Num) || !/^\d+$/.test(f[k].token)) throw new Bad(`${k}: expected a whole number`);
    return BigInt(f[k].token);
  };
  const str = (k, nullable = false) => {
    if (typeof f[k] === 'string' || (nullable && f[k] === null)) return f[k];
    throw new Bad(`${k}: expected a string${nullable ? ' or null' : ''}`);
  };
  const hex = (k) => {
    if (!/^[0-9a-f]{64}$/.test(f[k] ?? '')) throw new Bad(`${k}: expected 64 hex digits`);
    return f[k];
  };
  for (const k of ['data', 'metadata']) if (!(k in f)) throw new Bad(`${k}: missing`);
  const position = int('globalPosition');
  const revision = int('revision');
  const streamId = str('streamId');
  const eventId = str('eventId');
  const prevHash = hex('prevHash');
  const hash = hex('hash');
  const name = `event ${eventId} (stream ${streamId} revision ${revision})`;
  if (position <= state.lastPosition) throw new Bad(`global position ${position} does not follow ${state.lastPosition}`);
  const head = heads.get(streamId);
  const expected = head ? head.revision + 1n : 0n;
  if (revision !== expected) throw new Bad(`${name}: expected revision ${expected} (an event is missing or out of order)`);
  if (prevHash !== (head ? head.hash : GENESIS)) throw new Bad(`${name}: prevHash does not link to the previous event's hash (chain broken)`);
  const content = jsonbText([
    new Num(position.toString()), eventId, streamId, new Num(revision.toString()), str('type'), new Num(int('schemaVersion').toString()),
    f.data, f.metadata, str('actorId', true), str('reason', true), str('correlationId', true), str('idempotencyKey', true),
    new Num(microseconds(f.occurredAt, 'occurredAt').toString()), new Num(microseconds(f.recordedAt, 'recordedAt').toString()),
  ]);
  const recomputed = createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(content, 'utf8').digest('hex');
  if (recomputed !== hash) throw new Bad(`${name}: its content does not match its hash (altered)`);
  heads.set(streamId, { revision, hash });
  state.lastPosition = position;
}

async function main() {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: node scripts/verify-export.mjs <export folder | events.ndjson>');
    return 2;
  }
  const isDir = statSync(target).isDirectory();
  const manifestPath = isDir ? join(target, 'manifest.json') : null;
  const manifest = manifestPath && existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;
  const file = isDir ? join(target, manifest?.events?.file ?? 'events.ndjson') : target;

  const heads = new Map();
  const state = { lastPosition: 0n };
  const fileHash = createHash('sha256');
  let line = 0;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const text of lines) {
    line++;
    fileHash.update(text + '\n', 'utf8');
    try {
      checkLine(text, heads, state);
    } catch (error) {
      if (!(error instanceof Bad)) throw error;
      console.error(`${file} line ${line}: ${error.message}`);
      console.error('NOT INTACT: the export does not verify.');
      return 1;
    }
  }
  if (manifest) {
    const problems = [];
    if (manifest.events.count !== line) problems.push(`the manifest counts ${manifest.events.count} events, the file holds ${line}`);
    if (manifest.events.sha256 !== fileHash.digest('hex')) problems.push('the file’s sha256 differs from the manifest’s');
    const expected = Object.entries(manifest.streams.heads);
    if (expected.length !== heads.size) problems.push(`the manifest names ${expected.length} streams, the file ${heads.size}`);
    for (const [streamId, head] of expected) {
      const got = heads.get(streamId);
      if (!got || got.revision !== BigInt(head.revision) || got.hash !== head.hash) problems.push(`stream ${streamId}: last event differs from the manifest`);
    }
    if (!manifest.chainCheck?.ok) problems.push('the store’s own chain check at export time reported problems (manifest.chainCheck)');
    if (problems.length) {
      for (const p of problems.slice(0, 20)) console.error(`manifest: ${p}`);
      console.error('NOT INTACT: the export does not match its manifest.');
      return 1;
    }
  }
  console.log(`OK: ${line} events in ${heads.size} streams, every hash recomputed and linked${manifest ? '; the manifest matches' : ''}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`cannot verify: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
