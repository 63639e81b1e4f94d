import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { STAGES } from '../../domain';
import { ideaRegisterProjection } from '../idea-register/idea-register.projection';
import { AnswerCache, requestKey } from '../shared/answer-cache';
import { ReadYourWrites } from '../shared/read-your-writes';
import { days, num } from '../shared/sql-values';
import { GetTimeInStageQuery } from './get-time-in-stage.query';
import { stageTransitionsProjection } from './stage-transitions.projection';
import { TimeInStageReportView } from './stage-transitions.view';

const DURATION = 'extract(epoch FROM exited_at - entered_at) / 86400';
const OPEN = 'exited_event_id IS NULL AND killed_event_id IS NULL';
const SCREENING = 'extract(epoch FROM screened_at - submitted_at) / 86400';
const DAY_SECONDS = 86_400;

// What the report reads, none of it depending on the hour: current ages are taken at answer time from the median and
// the earliest entry (an age's median is now minus the entries' median; the oldest is the earliest entry).
interface Aggregates {
  position: number;
  stages: Record<string, unknown>[];
  cycle: Record<string, unknown> | undefined;
  screening: Record<string, unknown> | undefined;
}

/** Median and p90 of completed stays per stage (percentile_cont in SQL), current ages, and idea → approval. */
@QueryHandler(GetTimeInStageQuery)
export class GetTimeInStageHandler implements IQueryHandler<GetTimeInStageQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
    private readonly answers: AnswerCache,
  ) {}

  async execute({ request, now }: GetTimeInStageQuery): Promise<TimeInStageReportView> {
    const name = stageTransitionsProjection.name;
    const sources = [name, ideaRegisterProjection.name];
    await this.readYourWrites.ensure(request.position, sources);
    const { position, stages, cycle, screening } = await this.answers.answer(sources, requestKey('timeInStage', request), () => this.aggregates());
    const at = now.toISOString();
    const age = (entered: unknown) => (entered === null || entered === undefined ? null : (now.getTime() / 1000 - num(entered)) / DAY_SECONDS);
    return {
      now: at,
      position,
      stages: STAGES.filter((s) => s !== 'approved').map((stage) => {
        const row = stages.find((r) => r.stage === stage) ?? {};
        return {
          stage,
          completedStays: num(row.completed ?? 0),
          medianDays: days(row.median_days),
          p90Days: days(row.p90_days),
          currentCount: num(row.current_count ?? 0),
          currentMedianAgeDays: days(age(row.current_median_entered)),
          currentMaxAgeDays: days(age(row.current_first_entered)),
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
        currentMedianAgeDays: days(age(screening?.current_median_submitted)),
        currentMaxAgeDays: days(age(screening?.current_first_submitted)),
      },
    };
  }

  private async aggregates(): Promise<Aggregates> {
    const position = (await this.runner.checkpointOf(stageTransitionsProjection.name))?.globalPosition ?? 0;
    const stages: Record<string, unknown>[] = await this.ds.query(
      `SELECT stage,
              count(*) FILTER (WHERE exited_at IS NOT NULL) AS completed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DURATION}) FILTER (WHERE exited_at IS NOT NULL) AS median_days,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${DURATION}) FILTER (WHERE exited_at IS NOT NULL) AS p90_days,
              count(*) FILTER (WHERE ${OPEN}) AS current_count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM entered_at)) FILTER (WHERE ${OPEN}) AS current_median_entered,
              extract(epoch FROM min(entered_at) FILTER (WHERE ${OPEN})) AS current_first_entered
         FROM stage_transitions
        WHERE stage <> 'approved'
        GROUP BY stage`,
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
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM submitted_at)) FILTER (WHERE status = 'submitted') AS current_median_submitted,
              extract(epoch FROM min(submitted_at) FILTER (WHERE status = 'submitted')) AS current_first_submitted
         FROM idea_register`,
    );
    return { position, stages, cycle, screening };
  }
}
