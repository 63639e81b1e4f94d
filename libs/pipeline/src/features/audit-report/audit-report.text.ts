import type { AuditReport, AuditReportDocument, ReportActor } from './audit-report';

// The words both renderers print, so the PDF and the HTML page say the same things.

export const who = (a: ReportActor) => `${a.name} (${a.role}${a.account ? `, account ${a.account}` : ''})`;

export function title(report: AuditReport): string {
  return `Audit report: ${report.profile?.title ?? report.projectId}`;
}

export function scope(report: AuditReport): string {
  return report.asOf
    ? `The record as it stood at ${report.asOf} (revision ${report.revision}); later events are left out.`
    : `The whole record up to revision ${report.revision}.`;
}

export function generated(report: AuditReport): string {
  return `Generated ${report.generatedAt} by ${who(report.generatedBy)}.`;
}

export function profileRows(report: AuditReport): [string, string][] {
  const p = report.profile;
  const rows: [string, string][] = [
    ['Project id', report.projectId],
    ['Stage', report.stage],
    ['Status', report.status],
  ];
  if (!p) return [...rows, ['Profile', 'Not yet a project (an idea only)']];
  return [
    ['Title', p.title],
    ...rows,
    ['Summary', p.summary],
    ['Device type', p.deviceType],
    ['Risk class', p.riskClass],
    ['Regulatory targets', p.targets.map((t) => [t.authority, t.pathway, t.deviceClass && `class ${t.deviceClass}`].filter(Boolean).join(' ')).join('; ') || '—'],
    ['Therapeutic area', p.therapeuticArea],
    ['Institution', `${p.institution}${p.department ? `, ${p.department}` : ''}`],
    ['Lead clinician', `${p.leadClinician.name} (${p.leadClinician.id})`],
    ['Proposed at', p.proposedAt],
  ];
}

export function chainLines(report: AuditReport): string[] {
  const c = report.chain;
  if (!c.kept) return ['This event store (EventStoreDB) keeps no hash chain: there is nothing to check.'];
  return [
    `Result: ${c.ok ? 'INTACT' : 'TAMPERED'}: ${c.events} events of the stream checked at ${c.checkedAt}` +
      (c.ok ? ', every hash recomputed and linked.' : `, ${c.problems.length} problem(s).`),
    ...c.problems.map((p) => `${p.kind} at revision ${p.revision}: ${p.detail}`),
    `Last revision: ${c.lastRevision ?? '—'}`,
    `Last hash (sha256): ${c.lastHash ?? '—'}`,
    ...(report.asOf ? [`Hash of revision ${report.revision}, the last shown: ${c.shownRevisionHash ?? '—'}`] : []),
  ];
}

export function documentHeading(d: AuditReportDocument): string {
  return `${d.fileName} (version ${d.version})`;
}

export function documentRecord(d: AuditReportDocument): string {
  return `${d.record}, as ${d.purpose}${d.deficiency === null ? '' : ` of deficiency ${d.deficiency + 1}`}`;
}

export function documentFile(d: AuditReportDocument): string {
  return `${d.mediaType}, ${d.size.toLocaleString('en-US')} bytes`;
}

export function documentAttached(d: AuditReportDocument): string {
  return `by ${who(d.attachedBy)}, recorded ${d.attachedAt} (revision ${d.revision})`;
}

export function documentVersions(d: AuditReportDocument): string[] {
  return [
    ...(d.supersedes ? [`Supersedes document ${d.supersedes}: ${d.reason ?? '—'}`] : []),
    d.supersededBy ? `Superseded by document ${d.supersededBy}` : 'Current version',
  ];
}

/** Whether the stored bytes were read back and still match the recorded sha256 and size. */
export function documentStored(d: AuditReportDocument): string {
  switch (d.stored) {
    case 'match':
      return 'read back for this report: they match the sha256 and size on the record';
    case 'missing':
      return 'MISSING from the document store';
    case 'altered':
      return `DO NOT MATCH the record: ${d.storedDetail ?? ''}`;
    case 'not_checked':
      return 'not read back for this report: the sha256 shown is the one recorded';
  }
}
