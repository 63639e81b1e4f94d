import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@app/platform';
import type { Projection, ProjectionMemo, RecordedEvent } from '@app/event-store';
import { evolveAll, personKey, ProjectEvent, ProjectState } from '../../domain';
import { reviveState } from '../deadlines/deadlines.projection';
import { foldKept } from '../shared/kept-state';
import { appendRows, flushKept, keptRows, loadRows, Row, RowIo, writeChunks, writeRows } from '../shared/row-batch';
import { projectEventsOf, projectIdsOf } from '../shared/project-events';

export const NOTIFICATION_KINDS = ['gate_decision', 'idea_awaiting_screening', 'idea_accepted', 'idea_declined', 'deadline_reminder'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Who a notification is for: one person (any of their accounts), every account of a role, or a project's people. */
export type Audience = `person:${string}` | `role:${string}` | 'project';

/** A notification's id, derived from its cause: the same cause always makes the same id, so nothing is made twice. */
export function notificationId(...cause: readonly string[]): string {
  return createHash('sha256').update(cause.join('\n')).digest('hex');
}

/** The project's people when the event happened: its active team and its lead clinician, as person keys. */
export function peopleOf(state: ProjectState): string[] {
  const people = new Set(Object.entries(state.team).filter(([, m]) => m.active).map(([id]) => personKey(id)));
  if (state.profile) people.add(personKey(state.profile.leadClinician.id));
  return [...people].sort();
}

const DECISIONS: Record<string, string> = { go: 'go', kill: 'kill', hold: 'put on hold', resume: 'resumed', recycle: 'recycle' };

// The events that make notifications (the cases below): only before these does a projection need the state.
const NOTIFYING_EVENT_TYPES: ReadonlySet<string> = new Set<ProjectEvent['type']>([
  'StageAdvanced',
  'ProjectKilled',
  'ProjectPutOnHold',
  'ProjectResumed',
  'ProjectRecycled',
  'GateSignatureCollected',
  'GateSignatureRevoked',
  'GateSignaturesInvalidated',
  'IdeaSubmitted',
  'IdeaResubmitted',
  'IdeaAccepted',
  'IdeaDeclined',
]);

/** Whether notificationsOf may make anything of an event of this type (every other type makes none). */
export function makesNotifications(domain: ProjectEvent): boolean {
  return NOTIFYING_EVENT_TYPES.has(domain.type);
}

/** The notifications one event makes, given the project's state just before it (pure). */
export function notificationsOf(event: RecordedEvent, domain: ProjectEvent, before: ProjectState, projectId: string): Row[] {
  if (!makesNotifications(domain)) return [];
  const make = (kind: NotificationKind, audience: Audience, title: string, body: string, people: string[] = []): Row => ({
    id: notificationId(event.eventId, audience, kind),
    kind,
    audience,
    people,
    project_id: projectId,
    title,
    body,
    event_id: event.eventId,
    global_position: event.globalPosition,
    created_at: event.recordedAt,
  });
  const by = event.metadata.actor.name;
  switch (domain.type) {
    case 'StageAdvanced':
    case 'ProjectKilled':
    case 'ProjectPutOnHold':
    case 'ProjectResumed':
    case 'ProjectRecycled': {
      const d = domain.data;
      const title = before.profile?.title ?? before.idea?.title ?? projectId;
      const move = d.fromStage === d.toStage ? d.toStage : `${d.fromStage} → ${d.toStage}`;
      const body = `${by} decided: ${DECISIONS[d.decision] ?? d.decision} (${move}).${d.reason ? ` Reason: ${d.reason}` : ''}`;
      return [make('gate_decision', 'project', `Gate decision on ${title}`, body, peopleOf(before))];
    }
    // A go collecting several signatures: the team, and the office (whose people sign or find the co-signers), hear of
    // each signature, withdrawal and invalidation.
    case 'GateSignatureCollected':
    case 'GateSignatureRevoked':
    case 'GateSignaturesInvalidated': {
      const title = `Signatures on ${before.profile?.title ?? projectId}`;
      const go = `the go ${domain.data.fromTemplateStage} → ${domain.data.toTemplateStage}`;
      const body =
        domain.type === 'GateSignatureCollected'
          ? `${by} signed ${go}. Still needed: ${domain.data.missing.join(' ')}`
          : domain.type === 'GateSignatureRevoked'
            ? `${by} withdrew their signature on ${go}. Reason: ${domain.data.reason}`
            : `${domain.data.invalidated.length} signature(s) on ${go} no longer stand: the record changed (${domain.data.causedBy.type}); each signer must sign again.`;
      return [make('gate_decision', 'project', title, body, peopleOf(before)), make('gate_decision', 'role:innovation_office', title, body)];
    }
    case 'IdeaSubmitted':
    case 'IdeaResubmitted': {
      const d = domain.data;
      const again = domain.type === 'IdeaResubmitted' ? ' (submitted again)' : '';
      return [make('idea_awaiting_screening', 'role:innovation_office', `Idea awaiting screening: ${d.title}`, `${d.submittedBy.name} submitted an idea${again}: ${d.clinicalNeed}`)];
    }
    case 'IdeaAccepted':
    case 'IdeaDeclined': {
      if (!before.idea) return [];
      const accepted = domain.type === 'IdeaAccepted';
      const reason = domain.data.reason ? ` Reason: ${domain.data.reason}` : '';
      return [
        make(
          accepted ? 'idea_accepted' : 'idea_declined',
          `person:${personKey(before.idea.submittedBy.id)}`,
          `Your idea was ${accepted ? 'accepted' : 'declined'}: ${before.idea.title}`,
          `${by} ${accepted ? 'accepted' : 'declined'} it.${reason}`,
        ),
      ];
    }
    default:
      return [];
  }
}

/**
 * The in-app inbox's notifications, made from the events by this projection (its own checkpoint, its rows in the same
 * transaction, never skipping). Each has an id derived from its cause (event, audience, kind) and is inserted with
 * ON CONFLICT DO NOTHING, so a redelivery, a crash or a rebuild never makes a second one. Rows are addressed to an
 * audience, not to accounts (accounts are not events, so a fresh replay gives the same rows): the inbox query matches
 * an account's person id, role, and the projects it is on (people at the time) or follows. Whether a notification is
 * read is the account's own state (notification_reads), kept across rebuilds.
 */
export const notificationsProjection: Projection = {
  name: 'notifications',
  // 2: notification_projects keeps only the part of the state notifications read (no milestones or logs).
  // 3: a go collecting several signatures notifies each signature, withdrawal and invalidation.
  version: 3,
  tables: ['notification_projects', 'notifications'],
  // A rebuild appends each event's notifications once (appendRows); the projects' rows are kept and upserted.
  appendedTables: ['notifications'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], memo?: ProjectionMemo): Promise<void> {
    const batch = projectEventsOf(events);
    if (batch.length === 0) return;
    const kept = keptRows(memo, 'notification_projects', NOTIFICATION_PROJECTS);
    const stored = await kept.load(tx, projectIdsOf(batch));
    const byProject = new Map<string, { events: ProjectEvent[]; last: RecordedEvent; notifying: boolean }>();
    for (const { projectId, event, domain } of batch) {
      let entry = byProject.get(projectId);
      if (!entry) byProject.set(projectId, (entry = { events: [], last: event, notifying: false }));
      entry.events.push(domain);
      entry.last = event;
      entry.notifying ||= makesNotifications(domain);
    }
    // The state just before each event that makes notifications: its project's earlier events folded in runs.
    const before = new Map<ProjectEvent, ProjectState>();
    for (const [projectId, { events: own, notifying }] of byProject) {
      if (!notifying) continue;
      let state = stored.get(projectId)?.state ?? reviveState(null);
      let from = 0;
      own.forEach((domain, i) => {
        if (!makesNotifications(domain)) return;
        state = evolveAll(state, own.slice(from, i));
        from = i;
        before.set(domain, state);
      });
    }
    const made: Row[] = [];
    for (const { projectId, event, domain } of batch) {
      const state = before.get(domain);
      if (state) made.push(...notificationsOf(event, domain, state, projectId));
    }
    for (const [projectId, { events: own, last }] of byProject) {
      // The same state deadlines keep (idea included here): in a rebuild the page is folded once for both.
      kept.set(projectId, { state: foldKept(stored.get(projectId)?.state ?? null, own), lastPosition: last.globalPosition });
    }
    await kept.endBatch(tx, memo !== undefined);
    // A rebuild's fresh table has none of them yet (each event is applied once); live, a redelivery finds its own.
    if (memo) await appendRows(tx, 'notifications', ['id'], made, 'nothing');
    else await writeRows(tx, 'notifications', ['id'], made, 'nothing');
  },
  flush: flushKept,
};

const NOTIFICATION_PROJECTS: RowIo<{ state: ProjectState; lastPosition: number }> = {
  async read(tx, ids) {
    const rows = await loadRows(tx, 'notification_projects', 'project_id', 'uuid', ids);
    return new Map([...rows].map(([id, row]) => [id, { state: reviveState(row.state), lastPosition: Number(row.last_position) }]));
  },
  write: (tx, projects, append) =>
    (append ? appendRows : writeChunks)(tx, 'notification_projects', ['project_id'], [...projects].map(([projectId, p]) => ({ project_id: projectId, state: p.state, last_position: p.lastPosition }))),
};
