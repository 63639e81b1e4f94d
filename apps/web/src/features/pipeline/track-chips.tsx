import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TrackStatus } from '../../api/enums';
import { authorityLabel, groupLabel } from '../../ui/labels';

// A project's regulatory tracks, one chip per target authority: "NMPA approved", "FDA in review".
export interface TrackBrief {
  authority: string;
  status: string;
  since: string | null;
}

const COLOR: Record<TrackStatus, string> = {
  not_started: 'gray',
  trial_authorised: 'brand',
  designated: 'hold',
  in_review: 'warning',
  deficiency_open: 'danger',
  rejected: 'danger',
  approved: 'success',
};

export const trackStatusLabel = (status: string): string => groupLabel('trackStatus', status);

export function TrackChips({ tracks }: { tracks: TrackBrief[] | null | undefined }) {
  useTranslation('enums'); // re-drawn when the language changes
  if (!tracks?.length) return null;
  return (
    <Group gap={4} className="track-chips" wrap="wrap">
      {tracks.map((t) => (
        <Badge key={t.authority} size="xs" variant="light" color={COLOR[t.status as TrackStatus] ?? 'gray'}
          data-authority={t.authority} data-track-status={t.status} title={t.since ?? undefined}>
          {authorityLabel(t.authority)} {trackStatusLabel(t.status)}
        </Badge>
      ))}
    </Group>
  );
}
