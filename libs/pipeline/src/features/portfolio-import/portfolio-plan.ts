import { createHash } from 'node:crypto';
import type { NewEvent } from '@app/event-store';
import {
  Actor,
  AUTHORITIES,
  Authority,
  decide,
  DomainError,
  EVENT_SCHEMA_VERSION,
  evolve,
  initialState,
  Partner,
  PARTNER_KINDS,
  PARTNER_ROLES,
  PATENT_KINDS,
  PATHWAYS_BY_AUTHORITY,
  Pathway,
  ProjectCommand,
  ProjectStatus,
  RegulatoryTarget,
  RISK_CLASSES,
  RiskClass,
  Stage,
  STAGES,
  TRIAL_REGISTRIES,
} from '../../domain';
import { DESIGNATION_PROGRAMMES, TRIAL_AUTHORISATIONS } from '../../domain/templates';
import type { PortfolioRow, PortfolioTable } from './portfolio-file';
import { PORTFOLIO_COLUMNS, PORTFOLIO_EVENTS, PORTFOLIO_KINDS, PortfolioKind, REQUIRED_COLUMNS } from './portfolio-template';

export interface RowProblem {
  line: number;
  /** The row's project code, when it has one. */
  project: string | null;
  problem: string;
}

export interface PlannedProject {
  code: string;
  projectId: string;
  title: string;
  /** The project row's line, and every line the project's events come from. */
  line: number;
  lines: number[];
  stage: Stage;
  status: ProjectStatus;
  events: NewEvent[];
}

export interface PortfolioPlan {
  file: string;
  rows: number;
  projects: PlannedProject[];
  problems: RowProblem[];
}

export interface PlanOptions {
  /** The file's name as the user gave it: every event names it with its row. */
  file: string;
  /** The admin (or the CLI's import actor) recording the portfolio. */
  actor: Actor;
  /** The import's clock: dates after its day are in the future. */
  now: string;
}

// Namespace of the import's name-based UUIDs (RFC 4122 version 5): the same project code, record or row always
// gives the same id, so a rerun finds what an earlier run created instead of creating it again.
const NAMESPACE = Buffer.from('6f1c2b8e4d3a4e0f9b7c5a1d2e3f4a5b', 'hex');
export function nameUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
export const importedProjectId = (code: string) => nameUuid(`project:${code.trim().toUpperCase()}`);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function realDate(value: string): boolean {
  return ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

type Cells = Record<string, string>;
interface CheckedRow {
  line: number;
  code: string;
  kind: PortfolioKind;
  event: string;
  date: string;
  cells: Cells;
}

/**
 * Reads a portfolio table into the events each project's past becomes, or the problems of its rows. Pure: the same
 * table, file name, actor and day give the same plan (ids and all). A project with any problem is left out whole;
 * nothing is guessed (an unknown stage, an impossible date, a duplicate project or a missing field is a problem).
 */
export function planPortfolio(table: PortfolioTable, options: PlanOptions): PortfolioPlan {
  const problems: RowProblem[] = [];
  const report = (line: number, project: string | null, problem: string) => problems.push({ line, project, problem });
  const today = options.now.slice(0, 10);

  const known = new Set<string>(PORTFOLIO_COLUMNS);
  for (const column of table.columns) {
    if (column && !known.has(column)) report(1, null, `unknown column "${column}" (the template's columns: ${PORTFOLIO_COLUMNS.join(', ')})`);
  }
  for (const column of ['project', 'kind', 'date']) {
    if (!table.columns.includes(column)) report(1, null, `the column "${column}" is missing`);
  }

  // Each row on its own: the fields every row needs, the kind, the event, the date and the kind's own fields.
  const rows: CheckedRow[] = [];
  const failed = new Set<string>();
  for (const row of table.rows) {
    const checked = checkRow(row, today, (problem) => report(row.line, row.cells.project?.trim() || null, problem));
    if (checked) rows.push(checked);
    else if (row.cells.project?.trim()) failed.add(key(row.cells.project));
  }

  // Projects: one project row per code, and no two projects with the same title at the same institution.
  const projectRows = new Map<string, CheckedRow>();
  const byTitle = new Map<string, CheckedRow>();
  for (const row of rows.filter((r) => r.kind === 'project')) {
    const code = key(row.code);
    const first = projectRows.get(code);
    if (first) {
      report(row.line, row.code, `duplicate project: ${row.code} already has its project row at line ${first.line}`);
      failed.add(code);
      continue;
    }
    const titleKey = `${row.cells.title.toLowerCase()}\u0000${row.cells.institution.toLowerCase()}`;
    const same = byTitle.get(titleKey);
    if (same) {
      report(row.line, row.code, `duplicate project: "${row.cells.title}" at ${row.cells.institution} is already project ${same.code} (line ${same.line})`);
      failed.add(code);
      failed.add(key(same.code));
    }
    byTitle.set(titleKey, row);
    projectRows.set(code, row);
  }
  const others = new Map<string, CheckedRow[]>();
  for (const row of rows.filter((r) => r.kind !== 'project')) {
    const code = key(row.code);
    if (!projectRows.has(code)) {
      report(row.line, row.code, `no project row for ${row.code} (add a row with kind "project")`);
      continue;
    }
    others.set(code, [...(others.get(code) ?? []), row]);
  }

  const projects: PlannedProject[] = [];
  for (const [code, projectRow] of projectRows) {
    const before = problems.length;
    const planned = planProject(projectRow, others.get(code) ?? [], options, report);
    if (planned && problems.length === before && !failed.has(code)) projects.push(planned);
  }
  problems.sort((a, b) => a.line - b.line);
  return { file: options.file, rows: table.rows.length, projects, problems };
}

const key = (code: string) => code.trim().toUpperCase();

function checkRow(row: PortfolioRow, today: string, report: (problem: string) => void): CheckedRow | undefined {
  const c = row.cells;
  let ok = true;
  const fail = (problem: string) => {
    report(problem);
    ok = false;
  };
  for (const [column, value] of Object.entries(c)) {
    if (column.startsWith('#')) fail(`a value in column ${column.slice(1)}, which has no name in the header row: "${value}"`);
  }
  const code = c.project ?? '';
  if (!code) fail('project is missing (the project code, e.g. GLU-001)');
  const kind = (c.kind ?? '').toLowerCase();
  if (!PORTFOLIO_KINDS.includes(kind as PortfolioKind)) {
    fail(kind ? `unknown kind "${c.kind}" (one of ${PORTFOLIO_KINDS.join(', ')})` : 'kind is missing');
    return undefined;
  }
  const events: readonly string[] = PORTFOLIO_EVENTS[kind as PortfolioKind];
  const event = (c.event ?? '').toLowerCase();
  if (kind === 'project' && event) fail(`a project row takes no event (found "${c.event}")`);
  if (kind !== 'project' && !event) fail(`event is missing (for ${kind}: ${events.join(', ')})`);
  else if (kind !== 'project' && !events.includes(event)) fail(`unknown ${kind} event "${c.event}" (one of ${events.join(', ')})`);
  const date = c.date ?? '';
  if (!date) fail('date is missing (YYYY-MM-DD)');
  else if (!realDate(date)) fail(`date "${date}" is not a real day written YYYY-MM-DD`);
  else if (date > today) fail(`date ${date} is in the future`);
  else if (date < '1900-01-01') fail(`date ${date} is before 1900`);
  for (const column of REQUIRED_COLUMNS[kind === 'project' ? 'project' : `${kind}.${event}`] ?? []) {
    if (!c[column]) fail(`${column} is missing (needed for ${kind === 'project' ? 'a project row' : `${kind} ${event}`})`);
  }
  for (const column of ['stage', 'current_stage']) {
    if (c[column] && !(STAGES as readonly string[]).includes(c[column])) fail(`unknown ${column} "${c[column]}" (one of ${STAGES.join(', ')})`);
  }
  if (c.risk_class && !(RISK_CLASSES as readonly string[]).includes(c.risk_class)) fail(`unknown risk_class "${c.risk_class}" (I, II or III)`);
  if (c.patent_kind && !(PATENT_KINDS as readonly string[]).includes(c.patent_kind)) fail(`unknown patent_kind "${c.patent_kind}" (one of ${PATENT_KINDS.join(', ')})`);
  if (c.registry && !(TRIAL_REGISTRIES as readonly string[]).includes(c.registry)) fail(`unknown registry "${c.registry}" (one of ${TRIAL_REGISTRIES.join(', ')})`);
  if (c.authority && !(AUTHORITIES as readonly string[]).includes(c.authority)) fail(`unknown authority "${c.authority}" (one of ${AUTHORITIES.join(', ')})`);
  if (c.form && !(TRIAL_AUTHORISATIONS as readonly string[]).includes(c.form)) fail(`unknown form "${c.form}" (one of ${TRIAL_AUTHORISATIONS.join(', ')})`);
  if (c.programme && !(DESIGNATION_PROGRAMMES as readonly string[]).includes(c.programme)) fail(`unknown programme "${c.programme}" (one of ${DESIGNATION_PROGRAMMES.join(', ')})`);
  if (c.count && !/^\d{1,7}$/.test(c.count)) fail(`count "${c.count}" is not a whole number`);
  if (c.endpoint_met && !['yes', 'no'].includes(c.endpoint_met.toLowerCase())) fail(`endpoint_met "${c.endpoint_met}" is not yes or no`);
  return ok ? { line: row.line, code, kind: kind as PortfolioKind, event, date, cells: c } : undefined;
}

// The rows of one record (a patent, a trial, a submission) and the gate rows are listed in the order they happened.
function recordKey(row: CheckedRow): string | null {
  if (row.kind === 'gate') return 'gate';
  if (row.kind === 'trial' && row.event === 'ethics_approved') return null;
  return `${row.kind}:${row.cells.record.toUpperCase()}`;
}

function planProject(
  projectRow: CheckedRow,
  rows: CheckedRow[],
  options: PlanOptions,
  report: (line: number, project: string | null, problem: string) => void,
): PlannedProject | undefined {
  const code = projectRow.code;
  const projectId = importedProjectId(code);
  const began = projectRow.date;
  let ok = true;
  const fail = (line: number, problem: string) => {
    report(line, code, problem);
    ok = false;
  };
  const c = projectRow.cells;
  const targets = parseTargets(c.targets ?? '', c.risk_class as RiskClass, (p) => fail(projectRow.line, p));
  const partners = parsePartners(c.partners ?? '', projectId, (p) => fail(projectRow.line, p));

  const last = new Map<string, CheckedRow>();
  for (const row of rows) {
    if (row.date < began) fail(row.line, `date ${row.date} is before the project began (${began}, line ${projectRow.line})`);
    const k = recordKey(row);
    if (!k) continue;
    const previous = last.get(k);
    if (previous && row.date < previous.date) {
      fail(row.line, `out of order: ${row.kind} ${row.event} on ${row.date} comes after ${previous.kind} ${previous.event} on ${previous.date} (line ${previous.line})`);
    }
    last.set(k, row);
  }
  if (!ok) return undefined;

  // In the order things happened (file order within a day), each row becomes a command the decider judges.
  const ordered = [projectRow, ...[...rows].sort((a, b) => a.date.localeCompare(b.date) || a.line - b.line)];
  let state = initialState();
  const events: NewEvent[] = [];
  for (const row of ordered) {
    const occurredAt = `${row.date}T00:00:00.000Z`;
    const command = {
      type: '',
      data: {},
      metadata: { actor: options.actor, now: options.now, imported: { file: options.file, line: row.line, occurredAt } },
    } as unknown as ProjectCommand;
    const body = commandFor(row, projectId, targets, partners);
    Object.assign(command, body);
    (command.data as { projectId: string }).projectId = projectId;
    try {
      const decided = decide(command, state);
      decided.forEach((event, i) => {
        state = evolve(state, event);
        const reason = (event.data as { reason?: unknown }).reason;
        events.push({
          eventId: nameUuid(`event:${projectId}:${row.line}:${i}`),
          type: event.type,
          schemaVersion: EVENT_SCHEMA_VERSION[event.type],
          data: event.data,
          metadata: {
            occurredAt,
            actor: options.actor,
            ...(typeof reason === 'string' ? { reason } : {}),
            correlationId: nameUuid(`import:${options.file}:${projectId}`),
            causationId: nameUuid(`import:${options.file}:${projectId}`),
            imported: { file: options.file, line: row.line },
            // One key for the project's one append: a repeated append is stored once.
            idempotencyKey: `portfolio-import:${projectId}`,
          },
        });
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      fail(row.line, `${row.kind}${row.event ? ` ${row.event}` : ''}: ${error.message}`);
    }
  }
  if (c.current_stage && ok && state.stage !== c.current_stage) {
    fail(projectRow.line, `current_stage says ${c.current_stage}, but the gate rows lead to ${state.stage}`);
  }
  if (!ok) return undefined;
  return {
    code,
    projectId,
    title: c.title,
    line: projectRow.line,
    lines: ordered.map((r) => r.line),
    stage: state.stage,
    status: state.status,
    events,
  };
}

type Body = Pick<ProjectCommand, 'type' | 'data'>;

function commandFor(row: CheckedRow, projectId: string, targets: RegulatoryTarget[], partners: Partner[]): Body {
  const c = row.cells;
  const id = (kind: string) => nameUuid(`${kind}:${projectId}:${(c.record ?? '').toUpperCase()}`);
  const d = row.date;
  switch (`${row.kind}.${row.event}`) {
    case 'project.':
      return {
        type: 'ProposeProject',
        data: {
          projectId,
          title: c.title,
          summary: c.summary ?? '',
          deviceType: c.device_type,
          riskClass: c.risk_class as RiskClass,
          targets,
          therapeuticArea: c.therapeutic_area ?? '',
          institution: c.institution,
          department: c.department ?? '',
          leadClinician: { id: c.lead_clinician_id, name: c.lead_clinician_name },
          partners,
        },
      } as Body;
    case 'gate.go':
    case 'gate.kill':
    case 'gate.hold':
    case 'gate.resume':
    case 'gate.recycle':
      return {
        type: 'RecordPaperGateDecision',
        data: {
          projectId,
          decision: row.event,
          toStage: (c.stage || null) as Stage | null,
          reason: c.reason || null,
          paper: { reference: c.reference, decidedBy: c.decided_by, decidedOn: d },
        },
      } as Body;
    case 'patent.filed':
      return { type: 'FilePatent', data: { projectId, patentId: id('patent'), title: c.title, jurisdiction: c.jurisdiction.toUpperCase(), kind: c.patent_kind, applicationNumber: c.reference, filedOn: d } } as Body;
    case 'patent.published':
      return { type: 'RecordPatentPublished', data: { projectId, patentId: id('patent'), publicationNumber: c.reference, publishedOn: d } } as Body;
    case 'patent.granted':
      return { type: 'RecordPatentGranted', data: { projectId, patentId: id('patent'), patentNumber: c.reference, grantedOn: d } } as Body;
    case 'patent.abandoned':
      return { type: 'AbandonPatent', data: { projectId, patentId: id('patent'), abandonedOn: d, reason: c.reason } } as Body;
    case 'trial.ethics_approved':
      return {
        type: 'RecordEthicsApproval',
        data: { projectId, ethicsApprovalId: nameUuid(`ethics:${projectId}:${row.line}`), committee: c.committee, reference: c.reference, approvedOn: d },
      } as Body;
    case 'trial.registered':
      return {
        type: 'RegisterTrial',
        data: { projectId, trialId: id('trial'), title: c.title, registry: c.registry, registryId: c.reference, targetEnrolment: Number(c.count), registeredOn: d },
      } as Body;
    case 'trial.first_patient_in':
      return { type: 'RecordFirstPatientIn', data: { projectId, trialId: id('trial'), occurredOn: d } } as Body;
    case 'trial.enrolment':
      return { type: 'UpdateEnrolment', data: { projectId, trialId: id('trial'), enrolled: Number(c.count), asOf: d } } as Body;
    case 'trial.completed':
      return {
        type: 'CompleteTrial',
        data: { projectId, trialId: id('trial'), completedOn: d, primaryEndpointMet: c.endpoint_met.toLowerCase() === 'yes', resultSummary: c.summary ?? '' },
      } as Body;
    case 'submission.filed':
      return { type: 'FileSubmission', data: { projectId, submissionId: id('submission'), authority: c.authority, pathway: c.pathway, reference: c.reference, filedOn: d } } as Body;
    case 'submission.deficiency_received':
      return { type: 'RecordSubmissionDeficiency', data: { projectId, submissionId: id('submission'), receivedOn: d, summary: c.summary } } as Body;
    case 'submission.deficiency_answered':
      return { type: 'AnswerSubmissionDeficiency', data: { projectId, submissionId: id('submission'), answeredOn: d, summary: c.summary } } as Body;
    case 'submission.approved':
      return {
        type: 'RecordSubmissionApproval',
        data: { projectId, submissionId: id('submission'), certificateNumber: c.reference, approvedOn: d, deviceClass: c.device_class },
      } as Body;
    case 'submission.rejected':
      return { type: 'RecordSubmissionRejection', data: { projectId, submissionId: id('submission'), rejectedOn: d, reason: c.reason } } as Body;
    case 'authorisation.granted':
      return {
        type: 'RecordTrialAuthorisation',
        data: { projectId, authorisationId: id('authorisation'), form: c.form, authority: c.authority, reference: c.reference, grantedOn: d, trialId: null },
      } as Body;
    case 'designation.granted':
      return { type: 'RecordDesignation', data: { projectId, designationId: id('designation'), programme: c.programme, reference: c.reference, grantedOn: d } } as Body;
    default:
      throw new Error(`No command for ${row.kind} ${row.event}`);
  }
}

/** `NMPA/registration/III; FDA/pma/III/breakthrough; EU_MDR/notified_body/III/TÜV SÜD` */
function parseTargets(text: string, riskClass: RiskClass, fail: (problem: string) => void): RegulatoryTarget[] {
  const targets: RegulatoryTarget[] = [];
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [authority, pathway, deviceClass, extra] = part.split('/').map((p) => p.trim());
    const pathways: readonly string[] = PATHWAYS_BY_AUTHORITY[authority as Authority] ?? [];
    if (!(AUTHORITIES as readonly string[]).includes(authority)) {
      fail(`targets: unknown authority "${authority}" in "${part}" (one of ${AUTHORITIES.join(', ')})`);
      continue;
    }
    if (!pathways.includes(pathway)) {
      fail(`targets: ${authority} has no pathway "${pathway ?? ''}" (one of ${pathways.join(', ')})`);
      continue;
    }
    targets.push({
      authority: authority as Authority,
      pathway: pathway as Pathway,
      deviceClass: deviceClass || null,
      breakthrough: authority === 'FDA' && extra === 'breakthrough',
      notifiedBody: authority === 'EU_MDR' && extra ? extra : null,
    });
  }
  void riskClass;
  return targets;
}

/** `Sinocare | enterprise | co_developer; Shanghai Institute of Microsystems | institute | co_developer` */
function parsePartners(text: string, projectId: string, fail: (problem: string) => void): Partner[] {
  const partners: Partner[] = [];
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, kind, role] = part.split('|').map((p) => p.trim());
    if (!name || !(PARTNER_KINDS as readonly string[]).includes(kind) || !(PARTNER_ROLES as readonly string[]).includes(role)) {
      fail(`partners: "${part}" is not "name | ${PARTNER_KINDS.join('/')} | ${PARTNER_ROLES.join('/')}"`);
      continue;
    }
    partners.push({ partnerId: nameUuid(`partner:${projectId}:${name.toLowerCase()}`), name, kind: kind as Partner['kind'], role: role as Partner['role'] });
  }
  return partners;
}
