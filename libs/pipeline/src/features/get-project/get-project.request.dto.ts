import { IsoInstant } from '@app/platform';

export class GetProjectRequest {
  @IsoInstant({ optional: true, description: 'Show the project as the record stood at this instant (by recordedAt)' })
  asOf?: string;
}
