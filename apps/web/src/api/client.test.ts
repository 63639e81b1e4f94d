import { describe, expect, it, vi } from 'vitest';
import { api, whenUnauthorised } from './client';

// A 401 ends the session only when the token is the reason; a refused signature or a wrong current password is
// the form's to show, and the user stays signed in.
describe('401 answers', () => {
  const answer = (code: string) => async () =>
    new Response(JSON.stringify({ status: 401, code }), { status: 401, headers: { 'Content-Type': 'application/problem+json' } });

  it.each(['signature_authentication_failed', 'invalid_credentials'])('keeps the session on %s', async (code) => {
    const ended = vi.fn();
    whenUnauthorised(ended);
    await api.GET('/auth/me', { fetch: answer(code) });
    expect(ended).not.toHaveBeenCalled();
  });

  it.each(['token_expired', 'token_revoked', 'unauthenticated'])('ends the session on %s', async (code) => {
    const ended = vi.fn();
    whenUnauthorised(ended);
    await api.GET('/auth/me', { fetch: answer(code) });
    expect(ended).toHaveBeenCalledOnce();
  });
});
