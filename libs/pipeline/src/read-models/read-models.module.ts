import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SQL_DATABASE, typeormDriverFor } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { ActivityFeedEntity } from './activity-feed/activity-feed.entity';
import { ActivityFeedHttpController } from './activity-feed/activity-feed.http.controller';
import { GetActivityHandler } from './activity-feed/get-activity.handler';
import { DeadlineEntity } from './deadlines/deadline.entity';
import { DeadlinesHttpController } from './deadlines/deadlines.http.controller';
import { GetDeadlinesHandler, GetProjectDeadlinesHandler } from './deadlines/get-deadlines.handler';
import { DrillDownHandler } from './drill-down/drill-down.handler';
import { DrillDownHttpController } from './drill-down/drill-down.http.controller';
import { GetIdeasHandler } from './idea-register/get-ideas.handler';
import { IdeaRegisterEntity } from './idea-register/idea-register.entity';
import { IdeaRegisterHttpController } from './idea-register/idea-register.http.controller';
import { GetPatentsHandler } from './patent-register/get-patents.handler';
import { PatentRegisterEntity } from './patent-register/patent-register.entity';
import { NotificationsHttpController } from './notifications/notifications.http.controller';
import { WebhooksHttpController } from './notifications/webhooks.http.controller';
import { PatentRegisterHttpController } from './patent-register/patent-register.http.controller';
import { GetPipelineBoardHandler } from './pipeline-board/get-pipeline-board.handler';
import { GetStalledProjectsHandler } from './pipeline-board/get-stalled-projects.handler';
import { ListProjectsHandler } from './pipeline-board/list-projects.handler';
import { PipelineBoardEntity } from './pipeline-board/pipeline-board.entity';
import { PipelineBoardHttpController } from './pipeline-board/pipeline-board.http.controller';
import { AnswerCache } from './shared/answer-cache';
import { ReadYourWrites } from './shared/read-your-writes';
import { GetFunnelHandler } from './stage-transitions/get-funnel.handler';
import { GetTimeInStageHandler } from './stage-transitions/get-time-in-stage.handler';
import { StageTransitionEntity } from './stage-transitions/stage-transition.entity';
import { StageTransitionsHttpController } from './stage-transitions/stage-transitions.http.controller';
import { GetTrialsHandler } from './trial-tracker/get-trials.handler';
import { TrialTrackerEntity } from './trial-tracker/trial-tracker.entity';
import { TrialTrackerHttpController } from './trial-tracker/trial-tracker.http.controller';

export const READ_MODEL_ENTITIES = [
  PipelineBoardEntity,
  StageTransitionEntity,
  PatentRegisterEntity,
  TrialTrackerEntity,
  ActivityFeedEntity,
  IdeaRegisterEntity,
  DeadlineEntity,
];

/**
 * The read side: TypeORM entities and queries over the read-model tables. TypeORM runs its statements on the
 * process's SqlDatabase (one PGlite session, or the pg pool on DATABASE_URL) and never opens a transaction;
 * the tables are created by versioned migrations (no synchronize) and written only by the projections.
 * Needs ProjectionsModule (the runner, for read-your-writes) imported by the application.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SQL_DATABASE],
      useFactory: (db: SqlDatabase) => ({
        type: 'postgres' as const,
        driver: typeormDriverFor(db),
        entities: READ_MODEL_ENTITIES,
        synchronize: false,
        migrationsRun: false,
        installExtensions: false,
        logging: false,
      }),
    }),
  ],
  controllers: [
    PipelineBoardHttpController,
    StageTransitionsHttpController,
    PatentRegisterHttpController,
    TrialTrackerHttpController,
    ActivityFeedHttpController,
    DrillDownHttpController,
    IdeaRegisterHttpController,
    DeadlinesHttpController,
    NotificationsHttpController,
    WebhooksHttpController,
  ],
  providers: [
    ReadYourWrites,
    AnswerCache,
    GetPipelineBoardHandler,
    ListProjectsHandler,
    GetStalledProjectsHandler,
    GetFunnelHandler,
    GetTimeInStageHandler,
    GetPatentsHandler,
    GetTrialsHandler,
    GetActivityHandler,
    DrillDownHandler,
    GetIdeasHandler,
    GetDeadlinesHandler,
    GetProjectDeadlinesHandler,
  ],
})
export class ReadModelsModule {}
