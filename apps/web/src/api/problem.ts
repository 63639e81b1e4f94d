import type { components } from './schema';

// The API's RFC 9457 problem, with the members its document does not spell out yet:
// `errors[]` on a 400 (one entry per invalid field, dotted paths) and `missing[]` on a 409 gate refusal.
export interface FieldError {
  field: string;
  messages: string[];
}
export interface MissingItem {
  code: string;
  message?: string;
}
export type Problem = components['schemas']['ProblemResponse'] & { errors?: FieldError[]; missing?: MissingItem[] };

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly headers?: Headers,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
  }
}

/** What a person reads for a refusal: the API's own words, with a hint of what to do for the statuses that need one. */
export function describeProblem(error: unknown): string {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  const { status, problem } = error;
  const said = problem.detail ?? problem.title;
  switch (status) {
    case 0:
      return 'The service could not be reached. Your input is kept; try again.';
    case 401:
      return said || 'Please sign in again.';
    case 403:
      return `Your role may not do this. ${said}`;
    case 412:
      return `Someone else changed this project since you opened it. ${said}`;
    case 429: {
      const retry = error.headers?.get('Retry-After');
      return `Too many attempts. ${retry ? `Try again in ${retry} s.` : 'Try again later.'}`;
    }
    case 503:
      return `The service is unavailable for a moment; your input is kept. ${said}`;
    default:
      return said;
  }
}

/**
 * The API's field errors keyed by the form's field names: `targets.0.pathway` stays as is, and a field
 * the form does not show falls to `form` so no message is ever lost.
 */
export function fieldErrors(error: unknown, formFields: readonly string[]): Record<string, string> {
  if (!(error instanceof ApiProblem) || !error.problem.errors?.length) return {};
  const out: Record<string, string> = {};
  for (const { field, messages } of error.problem.errors) {
    const key = formFields.includes(field) ? field : (formFields.find((f) => field.startsWith(`${f}.`)) ?? 'form');
    const text = key === field ? messages.join('; ') : `${field}: ${messages.join('; ')}`;
    out[key] = out[key] ? `${out[key]}; ${text}` : text;
  }
  return out;
}
