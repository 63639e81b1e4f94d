import { Anchor, Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtNumber } from '../../ui/format';
import { useSession } from '../../auth/session';
import { useInbox } from './inbox-queries';

/** The top bar's way to the inbox, with the number of unread notifications. */
export function InboxLink() {
  const { t } = useTranslation('inbox');
  const inbox = useInbox(1);
  const unread = inbox.data?.unread ?? 0;
  return (
    <Anchor component={Link} to="/inbox" c="white" id="nav-inbox" style={{ whiteSpace: "nowrap" }} aria-label={t('nav.inboxUnread', { count: unread })}>
      <Group gap={4} wrap="nowrap" component="span">
        <span>{t('nav.inbox')}</span>
        {unread > 0 && (
          <Badge size="sm" color="danger" variant="filled" id="unread-count" aria-hidden="true" style={{ flexShrink: 0, overflow: "visible" }}>{fmtNumber(unread)}</Badge>
        )}
      </Group>
    </Anchor>
  );
}

/** The top bar's links of this feature: upcoming deadlines, the admin's webhooks, the inbox with its unread count. */
export function NotificationNav() {
  const { t } = useTranslation(['inbox', 'deadlines']);
  const { me } = useSession();
  return (
    <>
      <Anchor component={Link} to="/deadlines" c="white" id="nav-deadlines" visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>{t('deadlines:nav.upcoming')}</Anchor>
      {me?.actor.role === 'admin' && (
        <Anchor component={Link} to="/admin/webhooks" c="white" id="nav-webhooks" visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>{t('inbox:nav.webhooks')}</Anchor>
      )}
      <InboxLink />
    </>
  );
}
