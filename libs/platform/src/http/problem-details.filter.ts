import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from './database-errors';
import { Problem, PROBLEM_CONTENT_TYPE, PROBLEM_MAPPERS, ProblemError, ProblemMapper, problem } from './problem';

export const RETRY_AFTER_SECONDS = '2';

/** The one place where an error becomes an HTTP response: problem+json, never a stack trace. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  constructor(@Optional() @Inject(PROBLEM_MAPPERS) private readonly mappers: ProblemMapper[] = []) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { problem: body, headers, unhandled } = this.toProblem(error);
    body.instance = request.originalUrl;
    // A bug (an error nothing knew how to answer) is logged with its stack. A problem answered on purpose
    // (ProblemError, a mapped domain or store error, an HttpException: 503 projection_behind, say) is not a bug:
    // a 5xx one is a warning without a stack, and an outage or a probe's "not ready" (asked every few seconds) is
    // not logged at all.
    if (unhandled) this.logger.error({ err: error, url: request.originalUrl }, 'unhandled error');
    else if (body.status >= 500 && body.code !== 'database_unavailable' && body.code !== 'not_ready') {
      this.logger.warn({ url: request.originalUrl, status: body.status, code: body.code, detail: body.detail }, 'server error answered');
    }
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  toProblem(error: unknown): { problem: Problem; headers?: Record<string, string>; unhandled?: true } {
    if (error instanceof ProblemError) return { problem: { ...error.problem }, headers: error.headers };
    for (const map of this.mappers) {
      const mapped = map(error);
      if (mapped) return mapped;
    }
    if (isDatabaseUnavailable(error)) {
      return {
        problem: problem(503, 'database_unavailable', 'Database unavailable', {
          detail: 'The record cannot be read or written right now; nothing was written. Retry shortly.',
        }),
        headers: { 'Retry-After': RETRY_AFTER_SECONDS },
      };
    }
    const bodyParserError = fromBodyParser(error);
    if (bodyParserError) return { problem: bodyParserError };
    if (error instanceof HttpException) return { problem: fromHttpException(error) };
    return { problem: problem(500, 'internal_error', 'Internal error', { detail: 'An unexpected error; it has been logged.' }), unhandled: true };
  }
}

function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  const response = error.getResponse();
  // @nestjs/terminus answers a failed check with its whole result: say which checks are down, keep the details.
  if (status === HttpStatus.SERVICE_UNAVAILABLE && isHealthResult(response)) {
    const down = Object.keys(response.error ?? {});
    return problem(status, 'not_ready', 'Not ready', { detail: `Not ready: ${down.join(', ') || 'a check failed'}.`, checks: response.details });
  }
  if (typeof response === 'object' && response !== null && 'code' in response) {
    return problem(status, String((response as { code: string }).code), error.message, response as Partial<Problem>);
  }
  const detail = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
  return problem(status, codeFor(status), titleFor(status), {
    detail: Array.isArray(detail) ? detail.join('; ') : String(detail),
  });
}

function isHealthResult(value: unknown): value is { status: 'error'; error?: Record<string, unknown>; details: Record<string, unknown> } {
  const v = value as { status?: unknown; details?: unknown } | null;
  return typeof v === 'object' && v !== null && v.status === 'error' && typeof v.details === 'object' && v.details !== null;
}

// body-parser's own errors carry `type` and `status`; Nest's middleware proxy wraps them in an
// HttpException whose cause is the original.
function fromBodyParser(error: unknown): Problem | undefined {
  const e = (error instanceof HttpException && error.cause ? error.cause : error) as { type?: string; status?: number; limit?: number; message?: string; field?: string };
  switch (e?.type) {
    case 'entity.invalid.utf8':
      return problem(400, 'invalid_utf8', 'Body is not UTF-8', { detail: e.message });
    case 'entity.duplicate.key':
      return problem(400, 'duplicate_json_key', 'Duplicate JSON key', { detail: e.message, errors: [{ field: e.field, messages: [`${e.field} appears more than once`] }] });
    case 'entity.forbidden.key':
      return problem(400, 'validation_failed', 'Invalid request', { detail: `${e.field}: ${e.message}`, errors: [{ field: e.field, messages: [e.message] }] });
    case 'entity.too.deep':
      return problem(400, 'nesting_too_deep', 'JSON nested too deeply', { detail: e.message, ...(e.field ? { errors: [{ field: e.field, messages: [e.message] }] } : {}) });
    case 'entity.too.large':
      return problem(413, 'payload_too_large', 'Request body too large', { detail: `The body exceeds the limit of ${e.limit} bytes.` });
    case 'entity.parse.failed':
      return problem(400, 'malformed_json', 'Malformed JSON', { detail: 'The request body is not valid JSON.' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, 'unsupported_encoding', 'Unsupported encoding', { detail: e.message });
    case 'request.aborted':
      return problem(400, 'request_aborted', 'Request aborted');
    default:
      if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.type === 'string') {
        return problem(e.status, 'bad_request', 'Bad request', { detail: e.message });
      }
      return undefined;
  }
}

function codeFor(status: number): string {
  const name = HttpStatus[status];
  return name ? name.toLowerCase() : 'error';
}

function titleFor(status: number): string {
  const words = (HttpStatus[status] ?? 'error').toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
