import type { ParseKeys } from 'i18next';
import { currentLanguage, i18n } from '../i18n';
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

type ProblemKey = ParseKeys<'problems'>;
const says = (key: string, options: Record<string, unknown> = {}): string | undefined =>
  i18n.exists(key, { ns: 'problems' }) ? i18n.t(key as ProblemKey, { ns: 'problems', ...options }) : undefined;

/**
 * What a person reads for a refusal, in their language: the message for the API's stable `code` (the `problems`
 * catalogue), else the message for its HTTP status; the API's own English `detail` only for a code this app does
 * not know yet (in English, or beside the status's message in another language).
 */
export function describeProblem(error: unknown): string {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  const { status, problem } = error;
  const said = problem.detail ?? problem.title;
  if (status === 429) {
    const retry = error.headers?.get('Retry-After');
    return (retry ? says('status.429_retry', { seconds: retry }) : says('status.429')) ?? said;
  }
  const known = problem.code ? says(`code.${problem.code}`) : undefined;
  if (known) return known;
  if (status === 0) return says('status.0')!;
  const general = says(`status.${status}`) ?? says(`status.${Math.floor(status / 100) * 100}`);
  // A code this app does not know: the status's words, and what the API said for the detail.
  return [general, said].filter(Boolean).join(' ');
}

/** A gate's missing evidence item in the reader's language (the API's English message only for an unknown code). */
export function describeMissing(item: MissingItem): string {
  return i18n.exists(`evidence.${item.code}`, { ns: 'enums' }) ? i18n.t(`evidence.${item.code}` as ParseKeys<'enums'>, { ns: 'enums' }) : (item.message ?? item.code);
}

/**
 * A field's message from the API (class-validator's English) in the reader's language, shown under the field it is
 * about: the usual messages as the catalogue words them (in English too: "filedOn must be a real calendar date…"
 * named a property the reader never saw); anything else as the API says it without the property's name in English,
 * and as "this value is not valid" in another language.
 */
export function fieldMessage(message: string, field = ''): string {
  const known = catalogueMessage(message);
  if (known) return known;
  if (currentLanguage() !== 'en') return says('field.invalid')!;
  const property = field.split('.').pop() ?? '';
  if (!property || !message.startsWith(`${property} `)) return message;
  const rest = message.slice(property.length + 1);
  return `${rest.charAt(0).toUpperCase()}${rest.slice(1)}${/[.!?]$/.test(rest) ? '' : '.'}`;
}

function catalogueMessage(message: string): string | undefined {
  let m: RegExpMatchArray | null;
  if (/should not be empty|must not be empty|is required/.test(message)) return says('field.required');
  if (/real calendar date between \d+ and today/.test(message)) return says('field.pastDate');
  if (/ISO 8601 date|must be a valid date|Date instance/.test(message)) return says('field.date');
  if (/must be an integer/.test(message)) return says('field.integer');
  if (/must be a number|must be a positive number/.test(message)) return says('field.number');
  if ((m = message.match(/must not be less than (\d+)/))) return says('field.min', { min: m[1] });
  if (/must be one of the following values/.test(message)) return says('field.oneOf');
  if ((m = message.match(/shorter than or equal to (\d+)/))) return says('field.tooLong', { max: m[1] });
  if ((m = message.match(/longer than or equal to (\d+)/))) return says('field.tooShort', { min: m[1] });
  if (/should not exist/.test(message)) return says('field.unexpected');
  if (/may hold only letters, digits and/.test(message)) return says('field.username');
  return undefined;
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
    const said = messages.map((message) => fieldMessage(message, field)).join('; ');
    const text = key === field ? said : `${field}: ${said}`;
    out[key] = out[key] ? `${out[key]}; ${text}` : text;
  }
  return out;
}
