import { PROJECT_STREAM_PREFIX } from '../../application/project-stream';
import { STAGES } from '../../domain';

export const STAGE_ARRAY = `ARRAY[${STAGES.map((s) => `'${s}'`).join(', ')}]::text[]`;

// The stays as the record stood at $1, from the events (proposals, "go"s, recycles and kills recorded by
// then). Same columns as stage_transitions, so the funnel and its drill-downs run on either.
const AS_OF_TRANSITIONS_SQL = `
WITH entries AS (
  SELECT CAST(substr(stream_id, ${PROJECT_STREAM_PREFIX.length + 1}) AS uuid) AS project_id,
         global_position AS entered_position,
         CASE WHEN type = 'ProjectProposed' THEN 'idea' ELSE data ->> 'toStage' END AS stage,
         occurred_at AS entered_at,
         event_id AS entered_event_id,
         CASE type WHEN 'ProjectProposed' THEN 'proposed' WHEN 'StageAdvanced' THEN 'go' ELSE 'recycle' END AS entered_by,
         type
    FROM events
   WHERE type IN ('ProjectProposed', 'StageAdvanced', 'ProjectRecycled') AND recorded_at <= $1
     AND starts_with(stream_id, '${PROJECT_STREAM_PREFIX}')
), stays AS (
  SELECT e.*,
         lead(entered_at) OVER w AS exited_at,
         lead(entered_event_id) OVER w AS exited_event_id,
         lead(stage) OVER w AS exited_to,
         lead(type) OVER w AS exit_type
    FROM entries e
  WINDOW w AS (PARTITION BY project_id ORDER BY entered_position)
), kills AS (
  SELECT CAST(substr(stream_id, ${PROJECT_STREAM_PREFIX.length + 1}) AS uuid) AS project_id, global_position, event_id,
         occurred_at AS killed_at
    FROM events WHERE type = 'ProjectKilled' AND recorded_at <= $1 AND starts_with(stream_id, '${PROJECT_STREAM_PREFIX}')
)
SELECT s.project_id, s.entered_position, s.stage, s.entered_at, s.entered_event_id, s.entered_by,
       s.exited_at, s.exited_event_id, s.exited_to,
       CASE s.exit_type WHEN 'StageAdvanced' THEN 'advanced' WHEN 'ProjectRecycled' THEN 'recycled' END AS exit_kind,
       k.killed_at, k.event_id AS killed_event_id
  FROM stays s
  LEFT JOIN kills k ON k.project_id = s.project_id AND s.exited_event_id IS NULL AND k.global_position > s.entered_position
`;

/** `t`: the stays today (the read model) or as of an instant (from the events; then $1 is the instant). */
export function transitionsSource(asOf?: string): { sql: string; params: unknown[] } {
  return asOf ? { sql: AS_OF_TRANSITIONS_SQL, params: [asOf] } : { sql: 'SELECT * FROM stage_transitions', params: [] };
}

/** The stays with their stage's index, and each project's furthest stage (`top`): "advanced" = reached further. */
export function rankedStays(sourceSql: string): string {
  return `t AS (${sourceSql}),
  ranked AS (SELECT t.*, array_position(${STAGE_ARRAY}, t.stage) AS idx FROM t),
  furthest AS (SELECT project_id, max(idx) AS top FROM ranked GROUP BY project_id)`;
}
