import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { ObjectLiteral } from 'typeorm';
import { likePattern } from '../shared/sql-values';
import { iso, num } from '../shared/sql-values';
import type { BoardFiltersRequest } from './board-filters.request.dto';
import { PipelineBoardEntity } from './pipeline-board.entity';

// The board as the record stood at :asOf, from the read models (never from the log, which may live in
// EventStoreDB): each project's latest board version recorded by then, and its last feed row recorded by then
// (last event, revision, and the latest occurredAt up to it), both by index. Same columns as pipeline_board.
const AS_OF_BOARD_SQL = `
SELECT h.project_id, h.title, h.stage, h.status, h.institution, h.department, h.device_type, h.risk_class, h.authorities,
       h.therapeutic_area, h.lead_clinician_id, h.lead_clinician_name, h.proposed_at, h.stage_entered_at,
       h.template_id, COALESCE(h.pathways, '{}') AS pathways, NULL::jsonb AS regulatory_tracks,
       '{}'::text[] AS authority_statuses,
       l.latest_occurred_at AS last_event_at, l.event_id AS last_event_id, l.global_position AS last_position, l.revision
  FROM (SELECT DISTINCT ON (project_id) * FROM pipeline_board_history
         WHERE recorded_at <= :asOf ORDER BY project_id, global_position DESC) h
  CROSS JOIN LATERAL (
    SELECT a.event_id, a.global_position, a.revision, a.latest_occurred_at FROM activity_feed a
     WHERE a.project_id = h.project_id AND a.recorded_at <= :asOf ORDER BY a.recorded_at DESC, a.revision DESC LIMIT 1
  ) l
`;

/** The board's rows, today's or as of an instant (from the board's versions and the feed), as alias `b`. */
export function boardSource(ds: DataSource, asOf?: string): SelectQueryBuilder<ObjectLiteral> {
  if (!asOf) return ds.createQueryBuilder().from(PipelineBoardEntity, 'b');
  return ds.createQueryBuilder().from(`(${AS_OF_BOARD_SQL})`, 'b').setParameter('asOf', asOf);
}

export const BOARD_COLUMNS = [
  'project_id', 'title', 'stage', 'status', 'institution', 'department', 'device_type', 'risk_class', 'authorities',
  'therapeutic_area', 'lead_clinician_id', 'lead_clinician_name', 'proposed_at', 'stage_entered_at', 'last_event_at',
  'last_event_id', 'last_position', 'revision', 'template_id', 'pathways', 'regulatory_tracks',
] as const;

export function selectBoardColumns<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return qb.select(BOARD_COLUMNS.map((c) => `b.${c} AS ${c}`));
}

/** Column names only, so the same conditions work on the table and on the as-of subquery. */
export function applyBoardFilters<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, f: BoardFiltersRequest & { q?: string }): SelectQueryBuilder<T> {
  if (f.stage) qb.andWhere('b.stage = :stage', { stage: f.stage });
  if (f.status) qb.andWhere('b.status = :status', { status: f.status });
  if (f.institution) qb.andWhere('b.institution = :institution', { institution: f.institution });
  if (f.deviceType) qb.andWhere('b.device_type = :deviceType', { deviceType: f.deviceType });
  if (f.riskClass) qb.andWhere('b.risk_class = :riskClass', { riskClass: f.riskClass });
  if (f.authority) qb.andWhere(':authority = ANY(b.authorities)', { authority: f.authority });
  if (f.therapeuticArea) qb.andWhere('b.therapeutic_area = :therapeuticArea', { therapeuticArea: f.therapeuticArea });
  if (f.leadClinician) qb.andWhere('b.lead_clinician_id = :leadClinician', { leadClinician: f.leadClinician });
  if (f.pathway) qb.andWhere(':pathway = ANY(b.pathways)', { pathway: f.pathway });
  if (f.template) qb.andWhere('b.template_id = :template', { template: f.template });
  // With an authority: that authority's track has the status; without: some track has it (see trackColumns).
  if (f.authorityStatus) {
    qb.andWhere('b.authority_statuses @> ARRAY[:trackKey]::text[]', { trackKey: `${f.authority ?? '*'}:${f.authorityStatus}` });
  }
  if (f.q) qb.andWhere('b.title ILIKE :q', { q: likePattern(f.q) });
  return qb;
}

/** A project as the board, the list and the drill-downs show it. */
export interface ProjectCard {
  projectId: string;
  title: string;
  stage: string;
  status: string;
  institution: string;
  department: string;
  deviceType: string;
  riskClass: string;
  authorities: string[];
  therapeuticArea: string;
  leadClinician: { id: string; name: string };
  proposedAt: string;
  stageEnteredAt: string;
  lastEventAt: string;
  lastEventId: string;
  revision: number;
  /** The pathway template the project follows (fixed_model without one); null on a board version recorded before templates reached the board. */
  template: string | null;
  pathways: string[];
  /** One per target authority; null on the board as of an instant (tracks are not versioned). */
  regulatoryTracks: BoardTrack[] | null;
}

export interface BoardTrack {
  authority: string;
  pathway: string;
  status: string;
  since: string | null;
}

export function toProjectCard(row: Record<string, unknown>): ProjectCard {
  return {
    projectId: String(row.project_id),
    title: String(row.title),
    stage: String(row.stage),
    status: String(row.status),
    institution: String(row.institution),
    department: String(row.department),
    deviceType: String(row.device_type),
    riskClass: String(row.risk_class),
    authorities: toTextArray(row.authorities).sort(),
    therapeuticArea: String(row.therapeutic_area),
    leadClinician: { id: String(row.lead_clinician_id), name: String(row.lead_clinician_name) },
    proposedAt: iso(row.proposed_at),
    stageEnteredAt: iso(row.stage_entered_at),
    lastEventAt: iso(row.last_event_at),
    lastEventId: String(row.last_event_id),
    revision: num(row.revision),
    template: row.template_id == null ? null : String(row.template_id),
    pathways: toTextArray(row.pathways).sort(),
    regulatoryTracks: toTracks(row.regulatory_tracks),
  };
}

// jsonb comes back parsed from pg; a driver that does not hands over the text.
function toTracks(value: unknown): BoardTrack[] | null {
  const tracks = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(tracks) ? (tracks as BoardTrack[]) : null;
}

// pg parses text[] to an array; a driver that does not hands over the literal '{A,B}'.
export function toTextArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
  return [];
}
