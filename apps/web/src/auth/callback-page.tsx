import { Alert, Anchor, Center, Loader, Stack } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { completeSignIn } from './oidc';
import { useSession } from './session';
import { safeNext } from './sign-in-page';

// Where the issuer sends the browser back (the client's redirect URI): the code is exchanged for tokens (PKCE), then
// the user goes on to where they were. In a signature's popup, the answer goes to the dialog that opened it.
export function CallbackPage() {
  const { signedIn } = useSession();
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const [error, setError] = useState('');
  const started = useRef(false);

  useEffect(() => {
    // A code is exchanged once (React's strict mode runs effects twice in development).
    if (started.current) return;
    started.current = true;
    completeSignIn().then(
      (done) => {
        if (!done) return;
        signedIn(done.token);
        navigate(safeNext(done.next), { replace: true });
      },
      (e: unknown) => setError(String((e as Error)?.message ?? e)),
    );
  }, [signedIn, navigate]);

  return (
    <Center py={80}>
      {error ? (
        <Stack>
          <Alert color="danger" role="alert" id="callbackError" title={t('callback.failed')}>{error}</Alert>
          <Anchor component={Link} to="/sign-in">{t('callback.again')}</Anchor>
        </Stack>
      ) : (
        <Loader aria-label={t('callback.signingIn')} />
      )}
    </Center>
  );
}
