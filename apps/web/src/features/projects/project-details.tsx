import { Alert, Badge, List, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeMissing } from '../../api/problem';
import { fmtDate, fmtDateTime } from '../../ui/format';
import { groupLabel, pathwayLabel, riskClassLabel, roleLabel, stageLabel, STATUS_LABEL, authorityLabel } from '../../ui/labels';
import type { HistoryEntry, ProjectView } from './project-queries';
import { fieldLabel, Val } from './values';
import { CountedSigners, GATE_SIGNATURE_EVENTS, GATE_SIGNATURE_HIDDEN, GateSignatureNote, type SigningStatus } from '../gates/gate-signature-history';
import { templateMissingWords } from '../templates/project-template-panel';
import { TemplateRef } from '../templates/template-select';
import { DOCUMENT_EVENTS, DOCUMENT_FIELDS, DocumentNote } from '../documents/document-note';

// A project's record and its history, as text: shared by the dashboard's drawer and the project page.
// Labels come from the catalogue; what people typed (titles, names, references) is shown as typed, translate="no".
export { show } from './values';

type Value = unknown;

export function Facts({ project, asOf }: { project: ProjectView; asOf?: string }) {
  const { t } = useTranslation('projects');
  const p = project.profile as unknown as {
    deviceType: string; riskClass: string; institution: string; department: string; therapeuticArea: string; summary: string;
    leadClinician: { id: string; name: string }; targets: { authority: string; pathway: string; deviceClass?: string; notifiedBody?: string; breakthrough?: boolean }[]; proposedAt: string;
  };
  const records = project.records as Record<string, unknown[]>;
  const counts = Object.entries(records).filter(([, list]) => list.length).map(([kind, list]) => t('facts.recordCount', { count: list.length, kind: groupLabel('registries', kind) }));
  const typed = (text: string | undefined) => <span translate="no">{text}</span>;
  const rows: [string, ReactNode][] = [
    [t('facts.stage'), `${stageLabel(project.stage)} · ${STATUS_LABEL[project.status]}`],
    [t('facts.device'), <>{typed(p.deviceType)}, {riskClassLabel(p.riskClass)}</>],
    [t('facts.institution'), <>{typed(p.institution)} — {typed(p.department)}</>],
    [t('facts.leadClinician'), typed(p.leadClinician.name)],
    [t('facts.therapeuticArea'), typed(p.therapeuticArea)],
    [
      t('facts.targets'),
      p.targets.map((x, i) => (
        <span key={i}>
          {i ? ', ' : ''}
          {authorityLabel(x.authority)} {pathwayLabel(x.pathway)}
          {x.deviceClass ? ` (${riskClassLabel(x.deviceClass)})` : ''}
          {x.notifiedBody ? <> · {t('facts.notifiedBody')} <span translate="no">{x.notifiedBody}</span></> : null}
          {x.breakthrough ? ` · ${t('facts.breakthrough')}` : ''}
        </span>
      )),
    ],
    [t('facts.summary'), typed(p.summary)],
    [t('facts.proposed'), fmtDate(p.proposedAt)],
    [t('facts.records'), counts.join(', ') || t('facts.noRecords')],
    [t('facts.revision'), asOf ? t('facts.revisionAsOf', { revision: project.revision, date: fmtDateTime(asOf) }) : String(project.revision)],
  ];
  return (
    <dl className="facts">
      {rows.map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}
    </dl>
  );
}

/** "Before the next gate": what the API says is missing, each item optionally a button to record it. */
export function MissingEvidence({ project, action }: { project: ProjectView; action?: (code: string) => ReactNode }) {
  const { t } = useTranslation('projects');
  // Under a template, each item as the bound version words it (the API's message is in English).
  const words = templateMissingWords(project);
  if (!project.missingEvidence.length) {
    return project.status === 'active' && project.nextStage ? (
      <Alert color="success" variant="light" my="sm" id="missing-evidence" title={t('missing.ready', { stage: stageLabel(project.nextStage) })}>
        {t('missing.allThere')}
      </Alert>
    ) : null;
  }
  return (
    <Alert color="warning" variant="light" my="sm" id="missing-evidence" title={project.nextStage ? t('missing.before', { stage: stageLabel(project.nextStage) }) : t('missing.beforeNext')}>
      <List size="sm">
        {project.missingEvidence.map((m, i) => (
          <List.Item key={m.code} data-code={m.code}>
            {words?.[i] ?? describeMissing(m)} {action?.(m.code)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

interface Signature { printedName?: string; meaning?: string; signedAt?: string; role?: string; signedRevision?: number; account?: string }

/** An event type's label (`enums:event.<Type>`); a type this app does not know yet as its name. */
export function eventLabel(type: string): string {
  return groupLabel('event', type);
}

/** The history, newest first: what happened, who, when it happened and when it was recorded, why, and what it carried. */
export function Timeline({ events }: { events: HistoryEntry[] }) {
  const { t } = useTranslation('projects');
  return (
    <ol className="timeline">
      {[...events].reverse().map((e) => {
        const data = (e.data ?? {}) as Record<string, Value>;
        const signature = data.signature as Signature | undefined;
        const corrected = e.type === 'RecordCorrected';
        const signing = GATE_SIGNATURE_EVENTS.includes(e.type);
        const document = DOCUMENT_EVENTS.includes(e.type);
        // The reason has its own line; a stage reads as its name, as on the rest of the page.
        const payload = Object.entries(data)
          .filter(([k, v]) => k !== 'projectId' && k !== 'signature' && !(k === 'reason' && !v) && !(corrected && ['field', 'oldValue', 'newValue', 'reason'].includes(k)) && !(signing && GATE_SIGNATURE_HIDDEN.includes(k)) && !(document && DOCUMENT_FIELDS.includes(k)) && k !== 'signatures');
        const status = e.signatureStatus as { superseded: boolean; contentHashMatches: boolean } | undefined;
        return (
          <li key={e.eventId} data-event-id={e.eventId}>
            <div className="type">{eventLabel(e.type)}</div>
            <div className="meta">
              <span translate="no">{e.actor.name}</span> ({roleLabel(e.actor.role)}) · {t('timeline.happened', { date: fmtDate(e.occurredAt) })} · {t('timeline.recorded', { date: fmtDateTime(e.recordedAt) })}
            </div>
            {corrected && (
              <div className="reason correction">
                {fieldLabel(String(data.field))}: <Val value={data.oldValue} field={String(data.field)} /> → <Val value={data.newValue} field={String(data.field)} />
              </div>
            )}
            {document && <DocumentNote data={data} />}
            <CountedSigners signatures={data.signatures} />
            {signing && <GateSignatureNote type={e.type} data={data} signing={(e.signatureStatus as { signing?: SigningStatus } | undefined)?.signing} />}
            {/* An invalidation's reason is the API's English; GateSignatureNote says it in the reader's language. */}
            {e.reason && e.type !== 'GateSignaturesInvalidated' && <div className="reason">{t('timeline.reason')} <span translate="no">{e.reason}</span></div>}
            {payload.length > 0 && (
              <dl className="payload">
                {payload.map(([k, v]) => [<dt key={`${k}-t`}>{fieldLabel(k)}</dt>, <dd key={`${k}-d`}>{k === 'template' ? <TemplateRef value={v} /> : <Val value={v} field={k} />}</dd>])}
              </dl>
            )}
            {signature && (
              <div className="reason signature">
                {t('timeline.signedBy')} <span translate="no">{signature.printedName}</span> ({roleLabel(signature.role ?? '')}) · {fmtDateTime(signature.signedAt)} · {t('timeline.meaning')} “<span translate="no">{signature.meaning}</span>” · {t('timeline.covering', { revision: signature.signedRevision })}{' '}
                {status && (
                  <Badge size="xs" color={status.superseded || !status.contentHashMatches ? 'warning' : 'success'}>
                    {status.superseded ? t('timeline.superseded') : status.contentHashMatches ? t('timeline.valid') : t('timeline.contentChanged')}
                  </Badge>
                )}
              </div>
            )}
            <div className="mono">{t('timeline.rev', { revision: e.revision })} · <span translate="no">{e.eventId}</span></div>
          </li>
        );
      })}
    </ol>
  );
}

/** Every record by kind, each with all its fields as text. */
// A record's own id says nothing to a reader (commands find it themselves); ids of other records and of people
// read as what they name: a test's prototype by its version, an approval's submission by authority and reference,
// who logged a milestone by name. An id with no name on record stays as it is.
const OWN_ID: Record<string, string[]> = {
  disclosures: ['disclosureId'], patents: ['patentId'], prototypes: ['prototypeId'], verificationTests: ['testId'], designReviews: ['reviewId'],
  ethicsApprovals: ['ethicsApprovalId'], trials: ['trialId'], equivalenceEvaluations: ['evaluationId'], submissions: ['submissionId'], milestones: ['milestoneId'],
};
function named(project: ProjectView, key: string, value: Value): Value {
  const records = project.records as Record<string, Record<string, Value>[]>;
  const find = (registry: string, idKey: string) => (records[registry] ?? []).find((r) => r[idKey] === value);
  if (key === 'prototypeId') return (find('prototypes', 'prototypeId')?.version as Value) ?? value;
  if (key === 'submissionId') {
    const s = find('submissions', 'submissionId');
    return s ? [s.authority, s.reference].filter(Boolean).join(' · ') : value;
  }
  if (key === 'loggedBy') return ((project.team as unknown as { id: string; name: string }[]).find((m) => m.id === value)?.name as Value) ?? value;
  return value;
}

export function Records({ project, actions }: { project: ProjectView; actions?: (registry: string, record: Record<string, Value>) => ReactNode }) {
  const { t } = useTranslation('projects');
  const records = Object.entries(project.records as Record<string, Record<string, Value>[]>);
  const any = records.some(([, list]) => list.length);
  if (!any) return <Text c="dimmed" size="sm">{t('records.none')}</Text>;
  return (
    <>
      {records.filter(([, list]) => list.length).map(([kind, list]) => (
        <section key={kind} data-records={kind}>
          <Title order={4} size="h6" mt="sm">{t('records.heading', { kind: groupLabel('registries', kind), count: list.length })}</Title>
          {list.map((record, i) => (
            <div key={i} data-record={kind} style={{ borderBottom: '1px solid var(--line)', paddingBottom: 6 }}>
              <dl className="payload facts" style={{ textDecoration: record.retracted ? 'line-through' : undefined }}>
                {Object.entries(record).filter(([k]) => k !== 'revision' && !OWN_ID[kind]?.includes(k)).map(([k, v]) => [<dt key={`${k}-t`}>{fieldLabel(k)}</dt>, <dd key={`${k}-d`}><Val value={named(project, k, v)} field={k} /></dd>])}
              </dl>
              {!record.retracted && actions?.(kind, record)}
            </div>
          ))}
        </section>
      ))}
    </>
  );
}
