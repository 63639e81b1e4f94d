import { Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { OneOf, PERSON_DIRECTORY, Roles } from '@app/platform';
import type { PersonDirectory } from '@app/platform';

// Who may lead a project: the roles a form may list people of (only clinicians lead projects today).
export const LISTED_ROLES = ['clinician'] as const;

export class PeopleRequest {
  @OneOf(LISTED_ROLES, { description: 'The role whose people are listed' }) role: (typeof LISTED_ROLES)[number];
}

class DirectoryPersonView {
  @ApiProperty({ example: 'dr-chen', description: 'The person id a command names (e.g. leadClinician.id)' }) personId: string;
  @ApiProperty({ example: 'Dr. Chen Wei' }) name: string;
}

export class PeopleView {
  @ApiProperty({ type: [DirectoryPersonView], description: 'Each person once (by personId), with an active account of the role, by name' }) people: DirectoryPersonView[];
}

/**
 * The people a form may offer, e.g. the lead clinician of a proposal: read-only, for the office (who proposes) and
 * admins. Only person ids and names, never usernames, roles of others or account states.
 */
@ApiTags('people')
@Roles('innovation_office', 'admin')
@Controller('people')
export class PeopleHttpController {
  constructor(@Inject(PERSON_DIRECTORY) private readonly persons: PersonDirectory) {}

  @Get()
  @ApiOperation({
    summary: 'People with an active account of a role (e.g. role=clinician: who may lead a project)',
    description: 'With AUTH_MODE=oidc only the accounts known locally; a lead clinician may still be typed.',
  })
  @ApiOkResponse({ type: PeopleView })
  async list(@QueryParams() params: PeopleRequest): Promise<PeopleView> {
    return { people: await this.persons.listPersons(params.role) };
  }
}
