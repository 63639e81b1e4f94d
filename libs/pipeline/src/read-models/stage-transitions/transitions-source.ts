import { STAGES } from '../../domain';

export const STAGE_ARRAY = `ARRAY[${STAGES.map((s) => `'${s}'`).join(', ')}]::text[]`;

// The stays as the record stood at $1: those entered by an event recorded by then, with their end or kill
// only if that was recorded by then too. Same columns as stage_transitions, so the funnel and its
// drill-downs run on either.
const AS_OF_TRANSITIONS_SQL = `
SELECT project_id, entered_position, stage, entered_at, entered_event_id, entered_by,
       CASE WHEN exited_recorded_at <= $1 THEN exited_at END AS exited_at,
       CASE WHEN exited_recorded_at <= $1 THEN exited_event_id END AS exited_event_id,
       CASE WHEN exited_recorded_at <= $1 THEN exited_to END AS exited_to,
       CASE WHEN exited_recorded_at <= $1 THEN exit_kind END AS exit_kind,
       CASE WHEN killed_recorded_at <= $1 THEN killed_at END AS killed_at,
       CASE WHEN killed_recorded_at <= $1 THEN killed_event_id END AS killed_event_id
  FROM stage_transitions
 WHERE entered_recorded_at <= $1
`;

/** `t`: the stays today or as of an instant (then $1 is the instant). */
export function transitionsSource(asOf?: string): { sql: string; params: unknown[] } {
  return asOf ? { sql: AS_OF_TRANSITIONS_SQL, params: [asOf] } : { sql: 'SELECT * FROM stage_transitions', params: [] };
}
/** The stays with their stage's index, and each project's furthest stage (`top`): "advanced" = reached further. */
export function rankedStays(sourceSql: string): string {
  return `t AS (${sourceSql}),
  ranked AS (SELECT t.*, array_position(${STAGE_ARRAY}, t.stage) AS idx FROM t),
  furthest AS (SELECT project_id, max(idx) AS top FROM ranked GROUP BY project_id)`;
}
