import { PasswordInput, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { reauthenticateAtIssuer } from '../../auth/oidc';
import { useSession } from '../../auth/session';
import { fmtDateTime } from '../../ui/format';

// The electronic signature every signed decision carries (a gate decision, a move to a newer template version): the
// printed name from the account, its meaning, and a password re-entered, or with single sign-on a fresh sign-in at the
// issuer; after signing, the manifest (21 CFR 11.50).

/** Who signs: the printed name from the account, and whether the signer re-authenticates at the issuer. */
export function useSigner() {
  const { me } = useSession();
  const atIssuer = me?.mode === 'oidc';
  return {
    printedName: me?.actor.name ?? '',
    atIssuer,
    /** What re-authenticates the signer: the password typed, or a token from a fresh sign-in at the issuer. */
    credentials: async (password: string): Promise<{ token: string } | { password: string }> =>
      atIssuer ? { token: await reauthenticateAtIssuer() } : { password },
  };
}

/** The signature's fields: printed name (read-only), meaning, and the password (or the issuer's sign-in). */
export function SignatureInputs({ meaning, defaultMeaning, onMeaning, password, onPassword, errors }: {
  meaning: string;
  defaultMeaning: string;
  onMeaning: (value: string) => void;
  password: string;
  onPassword: (value: string) => void;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation('gates');
  const { printedName, atIssuer } = useSigner();
  return (
    <>
      <TextInput label={t('printedName')} name="printedName" value={printedName} readOnly description={t('printedNameHelp')} translate="no" error={errors['signature.printedName']} />
      <TextInput label={t('meaning')} name="meaning" placeholder={defaultMeaning} value={meaning} error={errors['signature.meaning']} onChange={(e) => onMeaning(e.currentTarget.value)} />
      {atIssuer ? (
        <Text size="sm" id="signature-reauthentication">{t('atIssuer')}{errors['signature.token'] ? ` ${errors['signature.token']}` : ''}</Text>
      ) : (
        <PasswordInput label={t('password')} visibilityToggleButtonProps={{ 'aria-label': t('passwordToggle') }} name="password" required autoComplete="current-password" value={password} error={errors['signature.password']} onChange={(e) => onPassword(e.currentTarget.value)} />
      )}
    </>
  );
}

/** The signature as it stands in the record: printed name, when, its meaning, and the events it was recorded in. */
export function SignatureManifest({ meaning, events }: { meaning: string; events: readonly { type: string; eventId: string }[] }) {
  const { t } = useTranslation('gates');
  const { printedName } = useSigner();
  return (
    <dl className="facts">
      <dt>{t('manifest.printedName')}</dt><dd translate="no">{printedName}</dd>
      <dt>{t('manifest.signedAt')}</dt><dd>{fmtDateTime(new Date().toISOString())}</dd>
      <dt>{t('manifest.meaning')}</dt><dd translate="no">{meaning}</dd>
      <dt>{t('manifest.event')}</dt><dd className="mono" translate="no">{events.map((e) => `${e.type} ${e.eventId}`).join(', ')}</dd>
    </dl>
  );
}
