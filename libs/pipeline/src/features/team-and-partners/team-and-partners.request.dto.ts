import { Nested, OneOf, Text } from '@app/platform';
import { TEAM_ROLES } from '../../domain';
import type { TeamRole } from '../../domain';
import { PersonDto } from '../propose-project/propose-project.request.dto';

export class AddTeamMemberRequest {
  @Nested(() => PersonDto) member: PersonDto;
  @OneOf(TEAM_ROLES, { description: 'The lead clinician is named at proposal, not added (refused by the domain)' })
  teamRole: TeamRole;
}

/** Taking a team member or partner off the project; the record keeps that they were on it. */
export class RemovalRequest {
  @Text({ optional: true, max: 2000, example: 'Moved to another hospital' }) reason?: string;
}
