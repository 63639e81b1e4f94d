import { Alert, Button, List, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { newIdempotencyKey } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { fmtDateTime } from '../../ui/format';
import { words } from '../../ui/labels';
import { show } from './project-details';
import { useHistory, type ProjectView } from './project-queries';

/**
 * A form's hold on the project: the revision on screen when it opened (sent as If-Match) and its
 * Idempotency-Key. After a 412 the form shows what changed since, and the person redoes their change on the
 * new revision (a new key: it is a new request).
 */
export function useRevisionGuard(project: ProjectView) {
  const [revision, setRevision] = useState(project.revision);
  const [key, setKey] = useState(newIdempotencyKey);
  const queries = useQueryClient();
  return {
    revision,
    key,
    /** Reload the project after a 412; the form keeps its input. */
    refresh: () => Promise.all([queries.invalidateQueries({ queryKey: ['project', project.projectId] }), queries.invalidateQueries({ queryKey: ['history', project.projectId] })]),
    adopt: () => {
      setRevision(project.revision);
      setKey(newIdempotencyKey());
    },
    latest: project.revision,
  };
}

export type RevisionGuard = ReturnType<typeof useRevisionGuard>;

/** The values an event carried, as one line (ids and the signature left out): what the person must review. */
function whatChanged(data: unknown): string {
  return Object.entries((data ?? {}) as Record<string, unknown>)
    .filter(([k, v]) => k !== 'projectId' && k !== 'signature' && !/Id$/.test(k) && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${words(k)}: ${show(v)}`)
    .join('; ');
}

/** What someone else recorded since the form opened, with the button to take it into account. */
export function ChangedSince({ projectId, guard, error, onAdopt }: { projectId: string; guard: RevisionGuard; error: unknown; onAdopt?: () => void }) {
  const history = useHistory(projectId);
  if (!(error instanceof ApiProblem) || error.status !== 412) return null;
  const changes = (history.data?.events ?? []).filter((e) => e.revision > guard.revision);
  return (
    <Alert color="warning" id="changed-since" title="Someone else changed this project">
      <Text size="sm">Since you opened this form (revision {guard.revision}) the project was changed:</Text>
      <List size="sm" my="xs">
        {changes.map((e) => (
          <List.Item key={e.eventId}>
            {words(e.type)} by {e.actor.name}, {fmtDateTime(e.recordedAt)}
            {e.reason ? ` — ${e.reason}` : ''}
            {whatChanged(e.data) && <Text size="xs" c="dimmed" className="changed-data">{whatChanged(e.data)}</Text>}
          </List.Item>
        ))}
      </List>
      <Button size="xs" variant="light" onClick={() => { guard.adopt(); onAdopt?.(); }} disabled={guard.latest === guard.revision}>
        Review done: redo my change on revision {guard.latest}
      </Button>
    </Alert>
  );
}
