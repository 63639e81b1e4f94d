import request from 'supertest';
import type { AddressInfo } from 'node:net';
import { proposeProject } from './support/fixtures';
import { MANAGER, OFFICE, startTestApp, TestApp } from './support/test-app';

interface Message {
  id: string;
  event: string;
  data: { projectId: string; type: string; revision: number; globalPosition: number };
}

/** Reads a text/event-stream response, message by message. */
class EventStreamReader {
  private buffer = '';
  private readonly messages: Message[] = [];
  private waiters: (() => void)[] = [];
  private readonly done: Promise<void>;

  constructor(private readonly res: Response) {
    this.done = this.pump();
  }

  private async pump(): Promise<void> {
    const reader = this.res.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        this.buffer += value;
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
          );
          if (fields.event) this.messages.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
          this.waiters.splice(0).forEach((wake) => wake());
        }
      }
    } catch {
      // aborted by the test
    }
  }

  /** Waits until `n` messages arrived (or fails after `ms`). */
  async take(n: number, ms = 5000): Promise<Message[]> {
    const deadline = Date.now() + ms;
    while (this.messages.length < n) {
      if (Date.now() > deadline) throw new Error(`only ${this.messages.length} of ${n} messages within ${ms} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.messages.slice(0, n);
  }
}

describe('live updates over server-sent events (e2e)', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  const open = async (headers: Record<string, string>, signal: AbortSignal) => {
    const res = await fetch(`${base}/live/events`, { headers, signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return new EventStreamReader(res);
  };

  it('needs a bearer token', async () => {
    const res = await fetch(`${base}/live/events`);
    expect(res.status).toBe(401);
  });

  it('tells a reader each change made by someone else, and a reconnect catches up from Last-Event-ID', async () => {
    const first = new AbortController();
    const stream = await open(MANAGER, first.signal);
    const projectId = await proposeProject(t.http);
    const [proposed] = await stream.take(1);
    expect(proposed).toMatchObject({ event: 'project-changed', data: { projectId, type: 'ProjectProposed', revision: 0 } });
    first.abort();

    // Changes while nobody listens are delivered on reconnect, in order, from the last id seen.
    await request(t.http)
      .post(`/projects/${projectId}/milestones`)
      .set(OFFICE)
      .send({ title: 'Bench rig', description: 'Assembled', occurredOn: '2026-01-04' })
      .expect(200);
    const other = await proposeProject(t.http);
    const second = new AbortController();
    const resumed = await open({ ...MANAGER, 'Last-Event-ID': proposed.id }, second.signal);
    const missed = await resumed.take(2);
    expect(missed.map((m) => [m.data.projectId, m.data.type])).toEqual([
      [projectId, 'MilestoneLogged'],
      [other, 'ProjectProposed'],
    ]);
    second.abort();
  });

  it('refuses an id it never sent', async () => {
    const res = await fetch(`${base}/live/events?after=not-a-checkpoint`, { headers: MANAGER });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('invalid_last_event_id');
  });
});
