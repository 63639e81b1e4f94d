// Who the bench's HTTP requests act as. The one place to adapt when sign-in changes: before bearer
// tokens the API read X-Actor-* headers; with AUTH_MODE=builtin it signs in an innovation office user.
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password-0001';
const OFFICE_USER = { username: 'bench-office', name: 'Bench Office', role: 'innovation_office' };
const OFFICE_PASSWORDS = ['bench-office-initial-01', 'bench-office-changed-01'];

/** Settings the API needs for the bench to sign in (harmless to an API without sign-in). */
export const AUTH_ENV: Record<string, string> = {
  BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
  AUTH_JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0001',
  AUTH_TOKEN_TTL_SECONDS: '3600',
};

/** Headers that make a command request act as an innovation office user. */
export async function actorHeaders(baseUrl: string): Promise<Record<string, string>> {
  const probe = await post(baseUrl, '/auth/login', { username: 'nobody', password: 'nobody-nobody-1' });
  if (probe.status === 404) return { 'x-actor-id': 'office-bench', 'x-actor-name': 'Bench Office', 'x-actor-role': 'innovation_office' };
  const admin = await signIn(baseUrl, 'admin', [BENCH_ADMIN_PASSWORD, `${BENCH_ADMIN_PASSWORD}-changed`]);
  const created = await post(baseUrl, '/admin/users', { ...OFFICE_USER, initialPassword: OFFICE_PASSWORDS[0] }, admin);
  if (created.status >= 300 && created.status !== 409) throw new Error(`creating the bench user answered ${created.status}: ${await created.text()}`);
  return { authorization: `Bearer ${await signIn(baseUrl, OFFICE_USER.username, OFFICE_PASSWORDS)}` };
}

// Signs in with the first password (or the second, if already changed) and changes it when required.
async function signIn(baseUrl: string, username: string, [initial, changed]: string[]): Promise<string> {
  let session = (await login(baseUrl, username, changed)) ?? (await login(baseUrl, username, initial));
  if (!session) throw new Error(`${username} cannot sign in`);
  if (session.mustChangePassword) {
    const res = await post(baseUrl, '/auth/password', { currentPassword: initial, newPassword: changed }, session.token);
    if (res.status !== 200) throw new Error(`changing ${username}'s password answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { accessToken: string; mustChangePassword: boolean };
    session = { token: body.accessToken, mustChangePassword: body.mustChangePassword };
  }
  return session.token;
}

// null when the password is wrong.
async function login(baseUrl: string, username: string, password: string): Promise<{ token: string; mustChangePassword: boolean } | null> {
  const res = await post(baseUrl, '/auth/login', { username, password });
  if (res.status === 401) return null;
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { accessToken?: string; token?: string; mustChangePassword?: boolean };
  return { token: body.accessToken ?? body.token ?? '', mustChangePassword: body.mustChangePassword === true };
}

function post(baseUrl: string, path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}
