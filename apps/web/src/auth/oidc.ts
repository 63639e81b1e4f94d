import type { UserManager } from 'oidc-client-ts';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { i18n } from '../i18n';

// OpenID Connect sign-in (AUTH_MODE=oidc): authorization code with PKCE through oidc-client-ts, as the API's
// GET /auth/config describes it (issuer, the web app's public client id, scopes). The issuer's access token is the
// bearer token, kept in sessionStorage as the builtin one is; oidc-client-ts keeps no user of its own (in memory).
// oidc-client-ts is loaded only when the API says oidc (it is not in the first download of a builtin deployment).
export type AuthConfig = components['schemas']['AuthConfigResponse'];

export const CALLBACK_PATH = '/auth/callback';

let config: Promise<AuthConfig> | undefined;
export function authConfig(): Promise<AuthConfig> {
  config ??= unwrap(api.GET('/auth/config')).then(
    (c) => {
      // Fetched ahead, so a signature's popup opens at once on the click (a browser allows popups on a click only).
      if (c.mode === 'oidc') void loadOidc();
      return c;
    },
    (error: unknown) => {
      config = undefined;
      throw error;
    },
  );
  return config;
}

let oidc: Promise<typeof import('oidc-client-ts')> | undefined;
const loadOidc = () => (oidc ??= import('oidc-client-ts'));

let manager: Promise<UserManager> | undefined;
async function userManager(): Promise<UserManager> {
  manager ??= authConfig().then(async (c) => {
    if (c.mode !== 'oidc' || !c.issuer || !c.clientId) throw new Error(i18n.t('oidc.notConfigured', { ns: 'auth' }));
    const { InMemoryWebStorage, UserManager, WebStorageStateStore } = await loadOidc();
    const callback = `${window.location.origin}${CALLBACK_PATH}`;
    return new UserManager({
      authority: c.issuer,
      client_id: c.clientId,
      redirect_uri: callback,
      popup_redirect_uri: callback,
      response_type: 'code',
      scope: c.scopes ?? 'openid profile',
      // The PKCE verifier and state wait in localStorage only for the round trip (a popup has its own sessionStorage).
      stateStore: new WebStorageStateStore({ store: window.localStorage }),
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      automaticSilentRenew: false,
      monitorSession: false,
      loadUserInfo: false,
    });
  });
  return manager;
}

/** Leaves for the issuer; the callback comes back to `next` (a path of this app) with the session's token. */
export async function signInAtIssuer(next: string): Promise<void> {
  await (await userManager()).signinRedirect({ state: { next } });
}

/**
 * A signature's re-authentication: a fresh sign-in at the issuer in a popup (the dialog and its input stay as they
 * are), forcing the issuer to ask for the credentials again (prompt=login, max_age=0). Its new access token is what
 * the API checks in signature.token: same subject, authenticated moments ago, never the session's own token.
 */
export async function reauthenticateAtIssuer(): Promise<string> {
  const user = await (await userManager()).signinPopup({ prompt: 'login', max_age: 0 });
  return user.access_token;
}

/**
 * /auth/callback: a popup's answer goes back to the window that opened it (and undefined comes back here);
 * a redirect's answer is the session's token and where to go.
 */
export async function completeSignIn(): Promise<{ token: string; next: string } | undefined> {
  const user = await (await userManager()).signinCallback();
  if (!user) return undefined;
  const next = (user.state as { next?: string } | undefined)?.next ?? '/';
  return { token: user.access_token, next };
}
