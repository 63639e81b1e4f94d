import { ArgumentsHost, ServiceUnavailableException } from '@nestjs/common';
import { problem, ProblemError } from './problem';
import { ProblemDetailsFilter } from './problem-details.filter';

interface Logged {
  level: 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

// The filter with its logger captured, and a response that records what was sent.
function filterWithLog(): { filter: ProblemDetailsFilter; logged: Logged[]; answer(error: unknown): { status: number; body: Record<string, unknown> } } {
  const filter = new ProblemDetailsFilter([]);
  const logged: Logged[] = [];
  Object.assign(filter, {
    logger: {
      warn: (fields: Record<string, unknown>, message: string) => logged.push({ level: 'warn', fields, message }),
      error: (fields: Record<string, unknown>, message: string) => logged.push({ level: 'error', fields, message }),
    },
  });
  const answer = (error: unknown) => {
    const sent = { status: 0, body: {} as Record<string, unknown> };
    const response = {
      headersSent: false,
      setHeader: () => undefined,
      status(code: number) {
        sent.status = code;
        return this;
      },
      type() {
        return this;
      },
      send(text: string) {
        sent.body = JSON.parse(text) as Record<string, unknown>;
        return this;
      },
    };
    const host = { switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/pipeline/board?position=99' }), getResponse: () => response }) } as unknown as ArgumentsHost;
    filter.catch(error, host);
    return sent;
  };
  return { filter, logged, answer };
}

describe('ProblemDetailsFilter logging', () => {
  it('logs a 503 projection_behind as a warning without a stack, not as an unhandled error', () => {
    const { logged, answer } = filterWithLog();
    const sent = answer(new ProblemError(problem(503, 'projection_behind', 'Read model behind', { detail: 'not yet' }), { 'Retry-After': '1' }));
    expect(sent).toMatchObject({ status: 503, body: { code: 'projection_behind' } });
    expect(logged).toEqual([{ level: 'warn', message: 'server error answered', fields: { url: '/pipeline/board?position=99', status: 503, code: 'projection_behind', detail: 'not yet' } }]);
    expect(JSON.stringify(logged)).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('logs a problem error of any 5xx status at warn without its error object', () => {
    const { logged, answer } = filterWithLog();
    answer(new ProblemError(problem(500, 'signing_key_missing', 'No key')));
    answer(new ServiceUnavailableException('maintenance'));
    expect(logged.map((l) => l.level)).toEqual(['warn', 'warn']);
    expect(logged.every((l) => !('err' in l.fields))).toBe(true);
  });

  it('does not log 4xx problems, outages or not-ready probes', () => {
    const { logged, answer } = filterWithLog();
    answer(new ProblemError(problem(409, 'stale_revision', 'Stale')));
    answer(new ProblemError(problem(503, 'not_ready', 'Not ready')));
    answer(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(logged).toEqual([]);
  });

  it('logs an error nothing knew how to answer at error level, with the error and its stack', () => {
    const { logged, answer } = filterWithLog();
    const bug = new TypeError("Cannot read properties of undefined (reading 'stage')");
    const sent = answer(bug);
    expect(sent.status).toBe(500);
    expect(logged).toEqual([{ level: 'error', message: 'unhandled error', fields: { err: bug, url: '/pipeline/board?position=99' } }]);
  });
});
