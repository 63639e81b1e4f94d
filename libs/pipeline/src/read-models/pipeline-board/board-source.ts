import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { ObjectLiteral } from 'typeorm';
import { PROJECT_STREAM_PREFIX } from '../../application/project-stream';
import { likePattern } from '../shared/sql-values';
import { iso, num } from '../shared/sql-values';
import type { BoardFiltersRequest } from './board-filters.request.dto';
import { PipelineBoardEntity } from './pipeline-board.entity';

// The board as the record stood at :asOf, computed from the events themselves (never from today's table):
// the proposal, the latest gate decision, the latest stage entry, the latest correction of each board field,
// and the last event, all recorded at or before :asOf. Same columns as pipeline_board.
const AS_OF_BOARD_SQL = `
WITH proposed AS (
  SELECT stream_id, data, occurred_at FROM events WHERE type = 'ProjectProposed' AND recorded_at <= :asOf
), decided AS (
  -- One row per project: its latest gate decision, latest stage entry and latest correction of each board field.
  SELECT stream_id,
         (array_agg(type ORDER BY stream_revision DESC) FILTER (WHERE type IN ('StageAdvanced', 'ProjectKilled', 'ProjectPutOnHold', 'ProjectResumed', 'ProjectRecycled')))[1] AS gate_type,
         (array_agg(data ->> 'toStage' ORDER BY stream_revision DESC) FILTER (WHERE type IN ('StageAdvanced', 'ProjectKilled', 'ProjectPutOnHold', 'ProjectResumed', 'ProjectRecycled')))[1] AS gate_to_stage,
         (array_agg(data ->> 'toStage' ORDER BY stream_revision DESC) FILTER (WHERE type IN ('StageAdvanced', 'ProjectRecycled')))[1] AS stage,
         (array_agg(occurred_at ORDER BY stream_revision DESC) FILTER (WHERE type IN ('StageAdvanced', 'ProjectRecycled')))[1] AS stage_entered_at,
         (array_agg(data ->> 'newValue' ORDER BY stream_revision DESC) FILTER (WHERE type = 'RecordCorrected' AND data ->> 'field' = 'title'))[1] AS title,
         (array_agg(data ->> 'newValue' ORDER BY stream_revision DESC) FILTER (WHERE type = 'RecordCorrected' AND data ->> 'field' = 'institution'))[1] AS institution,
         (array_agg(data ->> 'newValue' ORDER BY stream_revision DESC) FILTER (WHERE type = 'RecordCorrected' AND data ->> 'field' = 'department'))[1] AS department,
         (array_agg(data ->> 'newValue' ORDER BY stream_revision DESC) FILTER (WHERE type = 'RecordCorrected' AND data ->> 'field' = 'deviceType'))[1] AS device_type,
         (array_agg(data ->> 'newValue' ORDER BY stream_revision DESC) FILTER (WHERE type = 'RecordCorrected' AND data ->> 'field' = 'therapeuticArea'))[1] AS therapeutic_area
    FROM events
   WHERE recorded_at <= :asOf
     AND (type IN ('StageAdvanced', 'ProjectKilled', 'ProjectPutOnHold', 'ProjectResumed', 'ProjectRecycled')
          OR (type = 'RecordCorrected' AND data -> 'target' ->> 'kind' = 'project'))
   GROUP BY stream_id
)
SELECT CAST(substr(p.stream_id, ${PROJECT_STREAM_PREFIX.length + 1}) AS uuid) AS project_id,
       coalesce(d.title, p.data ->> 'title') AS title,
       coalesce(d.stage, 'idea') AS stage,
       CASE
         WHEN d.gate_type IS NULL THEN 'active'
         WHEN d.gate_type = 'ProjectKilled' THEN 'terminated'
         WHEN d.gate_type = 'ProjectPutOnHold' THEN 'on_hold'
         WHEN d.gate_type = 'ProjectResumed' THEN 'active'
         WHEN d.gate_to_stage = 'approved' THEN 'approved'
         ELSE 'active'
       END AS status,
       coalesce(d.institution, p.data ->> 'institution') AS institution,
       coalesce(d.department, p.data ->> 'department') AS department,
       coalesce(d.device_type, p.data ->> 'deviceType') AS device_type,
       p.data ->> 'riskClass' AS risk_class,
       ARRAY(SELECT DISTINCT t ->> 'authority' FROM jsonb_array_elements(p.data -> 'targets') AS t) AS authorities,
       coalesce(d.therapeutic_area, p.data ->> 'therapeuticArea') AS therapeutic_area,
       p.data -> 'leadClinician' ->> 'id' AS lead_clinician_id,
       p.data -> 'leadClinician' ->> 'name' AS lead_clinician_name,
       p.occurred_at AS proposed_at,
       coalesce(d.stage_entered_at, p.occurred_at) AS stage_entered_at,
       o.occurred_at AS last_event_at,
       l.event_id AS last_event_id,
       l.global_position AS last_position,
       l.stream_revision AS revision
  FROM proposed p
  -- Per project, two index probes, (stream, recorded_at) and (stream, occurred_at), instead of a scan of the log.
  CROSS JOIN LATERAL (
    SELECT x.event_id, x.global_position, x.stream_revision FROM events x
     WHERE x.stream_id = p.stream_id AND x.recorded_at <= :asOf ORDER BY x.recorded_at DESC, x.stream_revision DESC LIMIT 1
  ) l
  CROSS JOIN LATERAL (
    SELECT x.occurred_at FROM events x
     WHERE x.stream_id = p.stream_id AND x.recorded_at <= :asOf ORDER BY x.occurred_at DESC LIMIT 1
  ) o
  LEFT JOIN decided d ON d.stream_id = p.stream_id
`;

/** The board's rows, today's (the read model) or as of an instant (from the events), as alias `b`. */
export function boardSource(ds: DataSource, asOf?: string): SelectQueryBuilder<ObjectLiteral> {
  if (!asOf) return ds.createQueryBuilder().from(PipelineBoardEntity, 'b');
  return ds.createQueryBuilder().from(`(${AS_OF_BOARD_SQL})`, 'b').setParameter('asOf', asOf);
}

export const BOARD_COLUMNS = [
  'project_id', 'title', 'stage', 'status', 'institution', 'department', 'device_type', 'risk_class', 'authorities',
  'therapeutic_area', 'lead_clinician_id', 'lead_clinician_name', 'proposed_at', 'stage_entered_at', 'last_event_at',
  'last_event_id', 'last_position', 'revision',
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
  };
}

// pg parses text[] to an array; a driver that does not hands over the literal '{A,B}'.
function toTextArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
  return [];
}
