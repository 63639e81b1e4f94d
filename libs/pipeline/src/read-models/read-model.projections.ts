import type { Projection } from '@app/event-store';
import { activityFeedProjection } from './activity-feed/activity-feed.projection';
import { deadlinesProjection } from './deadlines/deadlines.projection';
import { ideaRegisterProjection } from './idea-register/idea-register.projection';
import { notificationsProjection } from './notifications/notifications.projection';
import { patentRegisterProjection } from './patent-register/patent-register.projection';
import { pipelineBoardProjection } from './pipeline-board/pipeline-board.projection';
import { stageTransitionsProjection } from './stage-transitions/stage-transitions.projection';
import { trialTrackerProjection } from './trial-tracker/trial-tracker.projection';

/** Every read model of the pipeline, fed by the projection runner (in the API when embedded, else apps/projector). */
export const PIPELINE_PROJECTIONS: readonly Projection[] = [
  pipelineBoardProjection,
  stageTransitionsProjection,
  patentRegisterProjection,
  trialTrackerProjection,
  activityFeedProjection,
  ideaRegisterProjection,
  deadlinesProjection,
  notificationsProjection,
];
