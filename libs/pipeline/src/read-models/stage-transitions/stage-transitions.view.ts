import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORITIES, STAGES } from '../../domain';

class FunnelDrillDownLinks {
  @ApiProperty({ example: '/pipeline/drill-down?metric=funnel.reached&stage=prototype' }) reached: string;
  @ApiProperty() currentlyIn: string;
  @ApiProperty() killed: string;
  @ApiProperty() advanced: string;
}

export class FunnelStageView {
  @ApiProperty({ enum: STAGES }) stage: string;
  @ApiProperty({ description: 'Projects that ever entered the stage' }) reached: number;
  @ApiProperty({ description: 'Projects in the stage now (active or on hold; approved for the last stage)' }) currentlyIn: number;
  @ApiProperty({ description: 'Projects killed while in the stage' }) killed: number;
  @ApiProperty({ description: 'Projects that went on to a later stage' }) advanced: number;
  @ApiProperty({ nullable: true, example: 0.6, description: 'advanced / reached (null for the last stage or when none reached)' }) conversionToNext: number | null;
  @ApiProperty({ nullable: true, example: 0.1, description: 'killed / reached' }) killRate: number | null;
  @ApiProperty({ type: FunnelDrillDownLinks }) drillDown: FunnelDrillDownLinks;
}

export class IdeaFunnelView {
  @ApiProperty({ description: 'Ideas doctors submitted (each once, however often resubmitted)' }) submitted: number;
  @ApiProperty({ description: 'Waiting for the office’s screening' }) awaitingScreening: number;
  @ApiProperty({ description: 'Declined (and not submitted again)' }) declined: number;
  @ApiProperty({ description: 'Accepted: each became a project, counted in stage idea' }) accepted: number;
  @ApiProperty({ nullable: true, type: Number, description: 'accepted / submitted, 0-1' }) conversionToProject: number | null;
}

/** How the projects targeting one authority stand with it today: counts per track status. */
export class FunnelAuthorityView {
  @ApiProperty({ enum: AUTHORITIES }) authority: string;
  @ApiProperty({ description: 'Projects (matching the filters) that target the authority' }) targeted: number;
  @ApiProperty({
    description: 'Per regulatory track status (every status listed, 0 when none)',
    example: { not_started: 3, trial_authorised: 0, designated: 1, in_review: 2, deficiency_open: 1, rejected: 0, approved: 1 },
  })
  byStatus: Record<string, number>;
}

export class FunnelView {
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) asOf: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Global position the read model had applied (null for asOf)' }) position: number | null;
  @ApiProperty({ example: { projects: 12, killed: 2, approved: 1 } }) totals: { projects: number; killed: number; approved: number };
  @ApiProperty({ type: [FunnelStageView] }) stages: FunnelStageView[];
  @ApiProperty({ type: IdeaFunnelView, nullable: true, description: 'Doctors’ ideas before the funnel’s first stage (today only: null with asOf)' })
  ideas: IdeaFunnelView | null;
  @ApiProperty({
    type: [FunnelAuthorityView],
    nullable: true,
    description: 'Per target authority, where the projects stand with it ("approved by NMPA, in review at FDA"), today only: null with asOf',
  })
  authorities: FunnelAuthorityView[] | null;
}

export class TimeInStageView {
  @ApiProperty({ enum: STAGES }) stage: string;
  @ApiProperty({ description: 'Stays that ended with the project advancing or being recycled' }) completedStays: number;
  @ApiProperty({ nullable: true, example: 41.5 }) medianDays: number | null;
  @ApiProperty({ nullable: true, example: 120.2 }) p90Days: number | null;
  @ApiProperty({ description: 'Projects in the stage now (not killed)' }) currentCount: number;
  @ApiProperty({ nullable: true }) currentMedianAgeDays: number | null;
  @ApiProperty({ nullable: true }) currentMaxAgeDays: number | null;
  @ApiProperty({ example: { completed: '/pipeline/drill-down?metric=timeInStage.completed&stage=idea', current: '…' } })
  drillDown: { completed: string; current: string };
}

export class CycleTimeView {
  @ApiProperty({ example: 'idea' }) fromStage: string;
  @ApiProperty({ example: 'approved' }) toStage: string;
  @ApiProperty({ description: 'Projects that reached approval' }) projects: number;
  @ApiProperty({ nullable: true }) medianDays: number | null;
  @ApiProperty({ nullable: true }) p90Days: number | null;
  @ApiProperty({ example: '/pipeline/drill-down?metric=cycleTime' }) drillDown: string;
}

/** Doctors' ideas waiting for the office: how long screening took (submitted to accepted or declined) and how long the queue waits. */
export class ScreeningTimeInStageView {
  @ApiProperty({ description: 'Ideas screened (accepted or declined; a resubmitted idea counts its last screening)' }) screened: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median days from submission to the screening decision' }) medianDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90Days: number | null;
  @ApiProperty({ description: 'Ideas awaiting screening now' }) currentCount: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median days the waiting ideas have waited' }) currentMedianAgeDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) currentMaxAgeDays: number | null;
}

export class TimeInStageReportView {
  @ApiProperty({ format: 'date-time', description: 'The instant current ages are measured to' }) now: string;
  @ApiPropertyOptional({ nullable: true }) position: number | null;
  @ApiProperty({ type: [TimeInStageView], description: 'Every stage but approved, in pipeline order' }) stages: TimeInStageView[];
  @ApiProperty({ type: CycleTimeView }) cycleTime: CycleTimeView;
  @ApiProperty({ type: ScreeningTimeInStageView, description: 'Before the idea stage: the screening of doctors’ ideas' })
  screening: ScreeningTimeInStageView;
}
