import { Anchor, Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtNumber } from '../../ui/format';
import { useSession } from '../../auth/session';
import { useInbox } from './inbox-queries';
import type { NavItem } from '../../ui/nav-item';

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

/** This feature's places besides the inbox: upcoming deadlines, and the admin's webhooks. */
export function useNotificationPlaces(): NavItem[] {
  const { t } = useTranslation(['inbox', 'deadlines']);
  const { me } = useSession();
  return [
    { id: 'deadlines', to: '/deadlines', label: t('deadlines:nav.upcoming') },
    ...(me?.actor.role === 'admin' ? [{ id: 'webhooks', to: '/admin/webhooks', label: t('inbox:nav.webhooks') }] : []),
  ];
}

/** The inbox as an item of the phone's menu: its name and the number unread. */
export function useInboxPlace(): NavItem {
  const { t } = useTranslation('inbox');
  const unread = useInbox(1).data?.unread ?? 0;
  return { id: 'inbox', to: '/inbox', label: unread > 0 ? `${t('nav.inbox')} (${fmtNumber(unread)})` : t('nav.inbox') };
}
