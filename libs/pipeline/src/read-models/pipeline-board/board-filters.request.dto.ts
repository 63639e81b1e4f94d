import { IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsoInstant, OneOf, Text } from '@app/platform';
import { AUTHORITIES, PATHWAYS, PROJECT_STATUSES, RISK_CLASSES, STAGES, TRACK_STATUSES } from '../../domain';
import type { Authority, Pathway, ProjectStatus, RiskClass, Stage, TrackStatus } from '../../domain';
import { PagingRequest, ReadPositionRequest } from '../shared/paging.request.dto';

/** The filters every board-like query takes (board, project list, stalled projects). */
export class BoardFiltersRequest extends ReadPositionRequest {
  @OneOf(STAGES, { optional: true }) stage?: Stage;
  @OneOf(PROJECT_STATUSES, { optional: true }) status?: ProjectStatus;
  @Text({ optional: true, max: 200, description: 'Exact institution name' }) institution?: string;
  @Text({ optional: true, max: 200, description: 'Exact device type' }) deviceType?: string;
  @OneOf(RISK_CLASSES, { optional: true }) riskClass?: RiskClass;
  @OneOf(AUTHORITIES, { optional: true, description: 'Projects targeting this authority' }) authority?: Authority;
  @OneOf(TRACK_STATUSES, {
    optional: true,
    description:
      "Projects whose regulatory track has this status: the `authority`'s track when one is given (\"approved by NMPA\"), else any track. Today's board only: with asOf nothing matches (tracks are not versioned)",
  })
  authorityStatus?: TrackStatus;
  @OneOf(PATHWAYS, { optional: true, description: 'Projects targeting this pathway (e.g. pma, innovative_special_review)' })
  pathway?: Pathway;
  @Text({ optional: true, max: 100, description: 'Projects following this pathway template (templateId; fixed_model for projects without one)' })
  template?: string;
  @Text({ optional: true, max: 200, description: 'Exact therapeutic area' }) therapeuticArea?: string;
  @Text({ optional: true, max: 128, description: "Lead clinician's user id" }) leadClinician?: string;
}

export class GetPipelineBoardRequest extends BoardFiltersRequest {
  @IsoInstant({ optional: true, description: 'The board as the record stood at this instant, computed from the events (by recordedAt)' })
  asOf?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  @ApiPropertyOptional({ type: Number, default: 50, description: 'Cards listed per stage (counts are always complete)' })
  limitPerStage?: number;
}

export const PROJECT_SORTS = ['lastEventAt', '-lastEventAt', 'title', '-title', 'proposedAt', '-proposedAt', 'stageEnteredAt', '-stageEnteredAt'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

export class ListProjectsRequest extends IntersectionType(BoardFiltersRequest, PagingRequest) {
  @Text({ optional: true, max: 200, description: 'Text search in the title (case-insensitive)' }) q?: string;
  @OneOf(PROJECT_SORTS, { optional: true, description: 'Default -lastEventAt (most recent activity first)' }) sort?: ProjectSort;
  @OneOf(['me'] as const, { optional: true, description: 'me: the projects whose active team the caller is on (a clinician’s “my projects”)' })
  member?: 'me';

  @IsOptional()
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => (obj[key] === 'true' ? true : obj[key] === 'false' ? false : obj[key]))
  @IsBoolean()
  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only active projects whose next gate has all its evidence on record (ready for a gate decision, by the domain\'s gate rules); false: only the others',
  })
  readyForGate?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  @ApiPropertyOptional({ type: Number, example: 1042, description: "Only projects with an event after this global position (e.g. a list's `position` when you last looked)" })
  changedAfter?: number;
}

export class GetStalledProjectsRequest extends IntersectionType(BoardFiltersRequest, PagingRequest) {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  @ApiPropertyOptional({ type: Number, default: 30, description: 'No event (by occurredAt) for at least this many days' })
  days?: number;
}
