import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { ApiProblem, type Problem } from './problem';

// The one client of the API: typed by the generated schema (paths), the bearer token added to each call.
const TOKEN_KEY = 'token';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** Called when the API answers 401: the token expired or was revoked (set by the session provider). */
let onUnauthorised: () => void = () => {};
export function whenUnauthorised(handler: () => void): void {
  onUnauthorised = handler;
}

const FORM_REFUSALS = new Set(['signature_authentication_failed', 'invalid_credentials']);

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept', 'application/json');
    return request;
  },
  async onResponse({ response, request }) {
    // A failed sign-in, a refused signature or a wrong current password is the form's business (the session is
    // still good); any other 401 means the session is over.
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/auth/login')) {
      const code = await response
        .clone()
        .json()
        .then((body: { code?: unknown }) => body?.code)
        .catch(() => undefined);
      if (!FORM_REFUSALS.has(String(code))) onUnauthorised();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? 'http://localhost' });
api.use(auth);

/** The data of a call, or an ApiProblem carrying the API's problem+json (status, code, errors[], missing[]). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    // fetch rejects only when no answer came at all.
    throw new ApiProblem(0, { type: 'about:blank', title: 'The service could not be reached', status: 0, code: 'network_error', detail: String((error as Error)?.message ?? error) });
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const body = (error && typeof error === 'object' ? error : {}) as Partial<Problem>;
  throw new ApiProblem(response.status, {
    type: body.type ?? 'about:blank',
    title: body.title ?? (response.statusText || `HTTP ${response.status}`),
    status: response.status,
    code: body.code ?? `http_${response.status}`,
    ...body,
  }, response.headers);
}

/** Drops empty filter values, so a URL's `?institution=` never reaches the API as an empty string. */
export function present<T extends Record<string, unknown>>(params: T): Partial<T> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '' && v !== undefined && v !== null)) as Partial<T>;
}

/** A new key when a form opens: a double click or a retry of the same form writes once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Headers every write sends: the revision on screen and the form's key. */
export function writeHeaders(revision: number | undefined, idempotencyKey: string): Record<string, string> {
  return { ...(revision === undefined ? {} : { 'If-Match': `"${revision}"` }), 'Idempotency-Key': idempotencyKey };
}
