import { IsoDate, RecordId, Text } from '@app/platform';

export class LogMilestoneRequest {
  @RecordId({ description: 'Made by the server when left out' }) milestoneId?: string;
  @Text({ max: 200, example: 'Prototype v0.3 bench accuracy within 12% MARD' }) title: string;
  @Text({ max: 4000, example: 'Bench run against 40 reference samples.' }) description: string;
  @IsoDate() occurredOn: string;
}
