import { Alert, Badge, List, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { fmtDate, fmtDateTime } from '../../ui/format';
import { stageLabel, STATUS_LABEL, words } from '../../ui/labels';
import type { HistoryEntry, ProjectView } from './project-queries';

// A project's record and its history, as text: shared by the dashboard's drawer and the project page.

type Value = unknown;

/** Any recorded value as one line of text (never markup). */
export function show(value: Value): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object') return Object.entries(value as Record<string, Value>).map(([k, v]) => `${words(k)}: ${show(v)}`).join('; ');
  return String(value);
}

export function Facts({ project, asOf }: { project: ProjectView; asOf?: string }) {
  const p = project.profile as unknown as {
    deviceType: string; riskClass: string; institution: string; department: string; therapeuticArea: string; summary: string;
    leadClinician: { id: string; name: string }; targets: { authority: string; pathway: string; deviceClass?: string }[]; proposedAt: string;
  };
  const records = project.records as Record<string, unknown[]>;
  const counts = Object.entries(records).filter(([, list]) => list.length).map(([kind, list]) => `${list.length} ${words(kind)}`);
  const rows: [string, string][] = [
    ['Stage', `${stageLabel(project.stage)} · ${STATUS_LABEL[project.status]}`],
    ['Device', `${p.deviceType}, class ${p.riskClass}`],
    ['Institution', `${p.institution} — ${p.department}`],
    ['Lead clinician', p.leadClinician.name],
    ['Therapeutic area', p.therapeuticArea],
    ['Targets', p.targets.map((t) => `${t.authority} ${words(t.pathway)}${t.deviceClass ? ` (class ${t.deviceClass})` : ''}`).join(', ')],
    ['Summary', p.summary],
    ['Proposed', fmtDate(p.proposedAt)],
    ['Records', counts.join(', ') || 'none yet'],
    ['Revision', `${project.revision}${asOf ? ` (as of ${new Date(asOf).toLocaleString()})` : ''}`],
  ];
  return (
    <dl className="facts">
      {rows.map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}
    </dl>
  );
}

/** "Before the next gate": what the API says is missing, each item optionally a button to record it. */
export function MissingEvidence({ project, action }: { project: ProjectView; action?: (code: string) => ReactNode }) {
  if (!project.missingEvidence.length) {
    return project.status === 'active' && project.nextStage ? (
      <Alert color="success" variant="light" my="sm" id="missing-evidence" title={`Ready for a go to ${stageLabel(project.nextStage)}`}>
        All evidence the gate asks for is on record.
      </Alert>
    ) : null;
  }
  return (
    <Alert color="warning" variant="light" my="sm" id="missing-evidence" title={`Before a go to ${stageLabel(project.nextStage) || 'the next stage'}:`}>
      <List size="sm">
        {project.missingEvidence.map((m) => (
          <List.Item key={m.code} data-code={m.code}>
            {m.message} {action?.(m.code)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

interface Signature { printedName?: string; meaning?: string; signedAt?: string; role?: string; signedRevision?: number; account?: string }

/** The history, newest first: what happened, who, when it happened and when it was recorded, why, and what it carried. */
export function Timeline({ events }: { events: HistoryEntry[] }) {
  return (
    <ol className="timeline">
      {[...events].reverse().map((e) => {
        const data = (e.data ?? {}) as Record<string, Value>;
        const signature = data.signature as Signature | undefined;
        const corrected = e.type === 'RecordCorrected';
        // The reason has its own line; a stage reads as its name, as on the rest of the page.
        const payload = Object.entries(data)
          .filter(([k, v]) => k !== 'projectId' && k !== 'signature' && !(k === 'reason' && !v) && !(corrected && ['field', 'oldValue', 'newValue', 'reason'].includes(k)))
          .map(([k, v]): [string, Value] => [k, /stage$/i.test(k) && typeof v === 'string' ? stageLabel(v) : v]);
        const status = e.signatureStatus as { superseded: boolean; contentHashMatches: boolean } | undefined;
        return (
          <li key={e.eventId} data-event-id={e.eventId}>
            <div className="type">{words(e.type).replace(/^./, (c) => c.toUpperCase())}</div>
            <div className="meta">
              {e.actor.name} ({words(e.actor.role)}) · happened {fmtDate(e.occurredAt)} · recorded {fmtDateTime(e.recordedAt)}
            </div>
            {corrected && (
              <div className="reason correction">
                {words(String(data.field))}: {show(data.oldValue)} → {show(data.newValue)}
              </div>
            )}
            {e.reason && <div className="reason">Reason: {e.reason}</div>}
            {payload.length > 0 && (
              <dl className="payload">
                {payload.map(([k, v]) => [<dt key={`${k}-t`}>{words(k)}</dt>, <dd key={`${k}-d`}>{show(v)}</dd>])}
              </dl>
            )}
            {signature && (
              <div className="reason signature">
                Signed by {signature.printedName} ({words(signature.role ?? '')}) on {fmtDateTime(signature.signedAt)}, meaning “{signature.meaning}”, covering revision {signature.signedRevision}{' '}
                {status && (
                  <Badge size="xs" color={status.superseded || !status.contentHashMatches ? 'warning' : 'success'}>
                    {status.superseded ? 'superseded by a later correction' : status.contentHashMatches ? 'valid' : 'content changed'}
                  </Badge>
                )}
              </div>
            )}
            <div className="mono">rev {e.revision} · event {e.eventId}</div>
          </li>
        );
      })}
    </ol>
  );
}

/** Every record by kind, each with all its fields as text. */
export function Records({ project, actions }: { project: ProjectView; actions?: (registry: string, record: Record<string, Value>) => ReactNode }) {
  const records = Object.entries(project.records as Record<string, Record<string, Value>[]>);
  const any = records.some(([, list]) => list.length);
  if (!any) return <Text c="dimmed" size="sm">No records yet.</Text>;
  return (
    <>
      {records.filter(([, list]) => list.length).map(([kind, list]) => (
        <section key={kind} data-records={kind}>
          <Title order={4} size="h6" mt="sm">{words(kind).replace(/^./, (c) => c.toUpperCase())} ({list.length})</Title>
          {list.map((record, i) => (
            <div key={i} data-record={kind} style={{ borderBottom: '1px solid var(--line)', paddingBottom: 6 }}>
              <dl className="payload facts" style={{ textDecoration: record.retracted ? 'line-through' : undefined }}>
                {Object.entries(record).filter(([k]) => k !== 'revision').map(([k, v]) => [<dt key={`${k}-t`}>{words(k)}</dt>, <dd key={`${k}-d`}>{show(v)}</dd>])}
              </dl>
              {!record.retracted && actions?.(kind, record)}
            </div>
          ))}
        </section>
      ))}
    </>
  );
}
