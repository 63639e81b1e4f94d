// The source text of a JSON object's top-level members. JSON.parse turns numbers into doubles (1.0 → 1, big integers
// rounded), but an event's hash covers jsonb's own text: the importer hands the database the text as written.

/** Each top-level member's value as written; throws on text that is not one JSON object. */
export function rawMembers(text: string): Map<string, string> {
  const members = new Map<string, string>();
  let i = skipSpace(text, 0);
  if (text[i] !== '{') throw new SyntaxError('not a JSON object');
  i = skipSpace(text, i + 1);
  if (text[i] === '}') return members;
  for (;;) {
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text[i] !== ':') throw new SyntaxError(`expected ':' at ${i}`);
    const start = skipSpace(text, i + 1);
    const end = skipValue(text, start);
    members.set(key, text.slice(start, end));
    i = skipSpace(text, end);
    if (text[i] === '}') break;
    if (text[i] !== ',') throw new SyntaxError(`expected ',' or '}' at ${i}`);
    i = skipSpace(text, i + 1);
  }
  if (skipSpace(text, i + 1) !== text.length) throw new SyntaxError('text after the object');
  return members;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  return i;
}

function skipString(text: string, i: number): number {
  if (text[i] !== '"') throw new SyntaxError(`expected a string at ${i}`);
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  throw new SyntaxError('unterminated string');
}

// Only finds where the value ends: the caller validates it (JSON.parse of the whole line, or the database).
function skipValue(text: string, i: number): number {
  if (text[i] === '"') return skipString(text, i);
  if (text[i] === '{' || text[i] === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') j = skipString(text, j) - 1;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new SyntaxError('unterminated object or array');
  }
  let j = i;
  while (j < text.length && !',}] \t\r\n'.includes(text[j])) j++;
  if (j === i) throw new SyntaxError(`expected a value at ${i}`);
  return j;
}
