import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { STAGES } from '../../domain';
import { ideaRegisterProjection } from '../idea-register/idea-register.projection';
import { ReadYourWrites } from '../shared/read-your-writes';
import { days, num } from '../shared/sql-values';
import { GetTimeInStageQuery } from './get-time-in-stage.query';
import { stageTransitionsProjection } from './stage-transitions.projection';
import { TimeInStageReportView } from './stage-transitions.view';

const DURATION = 'extract(epoch FROM exited_at - entered_at) / 86400';
const AGE = 'extract(epoch FROM CAST($1 AS timestamptz) - entered_at) / 86400';
const OPEN = 'exited_event_id IS NULL AND killed_event_id IS NULL';
const SCREENING = 'extract(epoch FROM screened_at - submitted_at) / 86400';
const WAITING = 'extract(epoch FROM CAST($1 AS timestamptz) - submitted_at) / 86400';

/** Median and p90 of completed stays per stage (percentile_cont in SQL), current ages, and idea → approval. */
@QueryHandler(GetTimeInStageQuery)
export class GetTimeInStageHandler implements IQueryHandler<GetTimeInStageQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ request, now }: GetTimeInStageQuery): Promise<TimeInStageReportView> {
    const name = stageTransitionsProjection.name;
    await this.readYourWrites.ensure(request.position, [name, ideaRegisterProjection.name]);
    const at = now.toISOString();
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT stage,
              count(*) FILTER (WHERE exited_at IS NOT NULL) AS completed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DURATION}) FILTER (WHERE exited_at IS NOT NULL) AS median_days,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${DURATION}) FILTER (WHERE exited_at IS NOT NULL) AS p90_days,
              count(*) FILTER (WHERE ${OPEN}) AS current_count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${AGE}) FILTER (WHERE ${OPEN}) AS current_median_age,
              max(${AGE}) FILTER (WHERE ${OPEN}) AS current_max_age
         FROM stage_transitions
        WHERE stage <> 'approved'
        GROUP BY stage`,
      [at],
    );
    const [cycle] = await this.ds.query(
      `SELECT count(*) AS projects,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median_days,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS p90_days
         FROM (SELECT extract(epoch FROM min(entered_at) FILTER (WHERE stage = 'approved')
                                       - min(entered_at) FILTER (WHERE stage = 'idea')) / 86400 AS d
                 FROM stage_transitions GROUP BY project_id
               HAVING bool_or(stage = 'approved') AND bool_or(stage = 'idea')) AS c`,
    );
    // Screening, measured like a stage: decided screenings' durations and the waiting queue's ages.
    const [screening] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE screened_at IS NOT NULL) AS screened,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${SCREENING}) FILTER (WHERE screened_at IS NOT NULL) AS median_days,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${SCREENING}) FILTER (WHERE screened_at IS NOT NULL) AS p90_days,
              count(*) FILTER (WHERE status = 'submitted') AS current_count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${WAITING}) FILTER (WHERE status = 'submitted') AS current_median_age,
              max(${WAITING}) FILTER (WHERE status = 'submitted') AS current_max_age
         FROM idea_register`,
      [at],
    );
    return {
      now: at,
      position: (await this.runner.checkpointOf(name))?.globalPosition ?? 0,
      stages: STAGES.filter((s) => s !== 'approved').map((stage) => {
        const row = rows.find((r) => r.stage === stage) ?? {};
        return {
          stage,
          completedStays: num(row.completed ?? 0),
          medianDays: days(row.median_days),
          p90Days: days(row.p90_days),
          currentCount: num(row.current_count ?? 0),
          currentMedianAgeDays: days(row.current_median_age),
          currentMaxAgeDays: days(row.current_max_age),
          drillDown: {
            completed: `/pipeline/drill-down?metric=timeInStage.completed&stage=${stage}`,
            current: `/pipeline/drill-down?metric=timeInStage.current&stage=${stage}`,
          },
        };
      }),
      cycleTime: {
        fromStage: 'idea',
        toStage: 'approved',
        projects: num(cycle?.projects ?? 0),
        medianDays: days(cycle?.median_days),
        p90Days: days(cycle?.p90_days),
        drillDown: '/pipeline/drill-down?metric=cycleTime',
      },
      screening: {
        screened: num(screening?.screened ?? 0),
        medianDays: days(screening?.median_days),
        p90Days: days(screening?.p90_days),
        currentCount: num(screening?.current_count ?? 0),
        currentMedianAgeDays: days(screening?.current_median_age),
        currentMaxAgeDays: days(screening?.current_max_age),
      },
    };
  }
}
