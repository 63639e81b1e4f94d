import type { Response } from 'express';

interface Body {
  bytes: Buffer;
  etag: string | undefined;
}

/**
 * The JSON of kept answers, serialised once per answer object (what express's `res.json` would send: the same bytes,
 * `application/json; charset=utf-8`, the app's ETag, 304 when it matches). Keyed by the object itself, so it lives and
 * goes exactly as the {@link AnswerCache} keeps the answer: when a checkpoint moves the handler returns a new object and
 * that one is serialised afresh. An answer must not be changed once returned (none is: handlers build a new one).
 */
export class AnswerBytes {
  private readonly bodies = new WeakMap<object, Body>();

  /** The bytes `answer` is sent as. */
  bytesOf(answer: object): Buffer {
    return this.bodyOf(answer).bytes;
  }

  send(res: Response, answer: object): void {
    const body = this.bodyOf(answer, res);
    res.set('Content-Type', 'application/json; charset=utf-8');
    if (body.etag) res.set('ETag', body.etag);
    res.send(body.bytes);
  }

  private bodyOf(answer: object, res?: Response): Body {
    let body = this.bodies.get(answer);
    if (!body) {
      body = { bytes: Buffer.from(JSON.stringify(answer), 'utf8'), etag: undefined };
      this.bodies.set(answer, body);
    }
    // The app's own ETag function (express: weak, over the bytes), computed once per body.
    if (res && body.etag === undefined) {
      const etagOf = res.app.get('etag fn') as ((bytes: Buffer) => string | undefined) | undefined;
      body.etag = typeof etagOf === 'function' ? etagOf(body.bytes) : undefined;
    }
    return body;
  }
}
