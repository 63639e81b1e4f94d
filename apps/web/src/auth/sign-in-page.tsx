import { Alert, Button, Card, Center, Loader, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { describeProblem } from '../api/problem';
import { authConfig, signInAtIssuer, type AuthConfig } from './oidc';
import { useSession } from './session';

/** Sign-in as the API is configured (GET /auth/config): at the OpenID issuer, or with a password here. */
export function SignInPage() {
  // Not a query of the shared cache: a session that ends clears that cache, and may do so while this loads.
  const [mode, setMode] = useState<AuthConfig['mode'] | undefined>();
  const { t } = useTranslation('auth');
  useEffect(() => {
    let current = true;
    authConfig().then(
      (c) => current && setMode(c.mode),
      () => current && setMode('builtin'),
    );
    return () => {
      current = false;
    };
  }, []);
  if (!mode) return <Center py={80}><Loader aria-label={t('signIn.loading')} /></Center>;
  return mode === 'oidc' ? <IssuerSignIn /> : <BuiltinSignIn />;
}

// AUTH_MODE=oidc: a button that leaves for the issuer; the callback brings the user back to `next`.
function IssuerSignIn() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const { t } = useTranslation('auth');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function go() {
    setError('');
    setBusy(true);
    try {
      await signInAtIssuer(next);
    } catch (e) {
      setError(describeProblem(e) || String((e as Error)?.message ?? e));
      setBusy(false);
    }
  }
  return (
    <Center py={80}>
      <Card withBorder shadow="sm" w={360} padding="lg">
        <Stack gap="sm" id="oidcSignIn">
          <Title order={2} size="h4">{t('signIn.title')}</Title>
          <Text size="sm">{t('signIn.sso')}</Text>
          <Button id="oidc-sign-in" onClick={go} loading={busy} data-autofocus>{t('signIn.ssoButton')}</Button>
          {error && <Alert color="danger" role="alert" id="loginError">{error}</Alert>}
        </Stack>
      </Card>
    </Center>
  );
}

// Builtin sign-in, and the forced first-password change of a bootstrap or reset account.
function BuiltinSignIn() {
  const { signedIn } = useSession();
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [pendingToken, setPendingToken] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function signIn(event: FormEvent) {
    event.preventDefault();
    setError('');
    setBusy(true);
    try {
      const token = await unwrap(api.POST('/auth/login', { body: { username, password } }));
      if (token.mustChangePassword) setPendingToken(token.accessToken);
      else {
        signedIn(token.accessToken);
        navigate(next, { replace: true });
      }
    } catch (e) {
      setError(describeProblem(e) || t('signIn.failed'));
    } finally {
      setBusy(false);
    }
  }

  async function changePassword(event: FormEvent) {
    event.preventDefault();
    setError('');
    setBusy(true);
    try {
      // Only a password change is allowed with this token, until the account has its own password.
      const token = await unwrap(
        api.POST('/auth/password', {
          body: { currentPassword: password, newPassword },
          headers: { Authorization: `Bearer ${pendingToken}` },
        }),
      );
      setPassword('');
      signedIn(token.accessToken);
      navigate(next, { replace: true });
    } catch (e) {
      setError(describeProblem(e) || t('password.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center py={80}>
      <Card withBorder shadow="sm" w={360} padding="lg">
        {pendingToken === null ? (
          <form id="loginForm" onSubmit={signIn} aria-labelledby="sign-in-title">
            <Stack gap="sm">
              <Title order={2} size="h4" id="sign-in-title">{t('signIn.title')}</Title>
              <TextInput label={t('signIn.userName')} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} data-autofocus />
              <PasswordInput label={t('signIn.password')} visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }} name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              <Button type="submit" loading={busy}>{t('signIn.submit')}</Button>
              {error && <Alert color="danger" role="alert" id="loginError">{error}</Alert>}
            </Stack>
          </form>
        ) : (
          <form id="passwordForm" onSubmit={changePassword} aria-labelledby="password-title">
            <Stack gap="sm">
              <Title order={2} size="h4" id="password-title">{t('password.title')}</Title>
              <Text size="sm" c="dimmed">{t('password.why')}</Text>
              <PasswordInput label={t('password.new')} description={t('password.rule')} visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }} name="newPassword" autoComplete="new-password" minLength={12} required value={newPassword} onChange={(e) => setNewPassword(e.currentTarget.value)} />
              <Button type="submit" loading={busy}>{t('password.submit')}</Button>
              {error && <Alert color="danger" role="alert" id="passwordError">{error}</Alert>}
            </Stack>
          </form>
        )}
      </Card>
    </Center>
  );
}

/** Only a path of this app, never another origin (`//evil.example`), is a place to return to. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}
