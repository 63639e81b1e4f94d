// RFC 9457 problem details: the one shape every error response takes.
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** A stable machine-readable code: a domain rule, a validation failure, a transport error. */
  code: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://medtech-pipeline.dev/problems/';

export function problem(status: number, code: string, title: string, extra: Partial<Problem> = {}): Problem {
  const pinned = { type: `${TYPE_BASE}${code}`, status, code };
  // Extensions never replace type, status and code: an extension named `status` must not become the HTTP status.
  return Object.assign({ type: pinned.type, title, status, code }, extra, pinned);
}

/** An error that knows its problem; thrown by infrastructure (If-Match, read-your-writes, …). */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
  }
}

/** Maps one family of errors (domain, event store) to a problem, or passes with undefined. */
export type ProblemMapper = (error: unknown) => { problem: Problem; headers?: Record<string, string> } | undefined;
export const PROBLEM_MAPPERS = Symbol('PROBLEM_MAPPERS');
