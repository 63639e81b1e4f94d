import { randomUUID } from 'node:crypto';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CommandAcceptedBody,
  CommandContext,
  CommandEndpoint,
  ExecuteProjectCommand,
  ProjectIdParam,
  withEtag,
  OFFICE_OR_CLINICIAN,
} from '../../application';
import type { RequestContext } from '../../application';
import { onDay, RecordIdParam } from '../command-parts/command-parts';
import {
  CompleteTrialRequest,
  RecordFirstPatientInRequest,
  RecordTrialAuthorisationRequest,
  RegisterTrialRequest,
  UpdateEnrolmentRequest,
} from './trials.request.dto';

// A trial's life: registered → recruiting (first patient in, enrolment) → completed.
@ApiTags('trials')
@Controller('projects')
export class TrialsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/trials')
  @CommandEndpoint('Register a clinical trial', { description: 'Registry and id, e.g. ChiCTR or NCT.' })
  async register(
    @ProjectIdParam() projectId: string,
    @Body() body: RegisterTrialRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const trialId = body.trialId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RegisterTrial', data: { ...body, projectId, trialId } },
        context,
        onDay(body.registeredOn),
      ),
    );
    res.location(`/projects/${projectId}/trials/${trialId}`);
    return withEtag(res, result);
  }

  @Post(':projectId/trial-authorisations')
  @CommandEndpoint("Record a regulator's authorisation of a study", {
    description:
      'An IDE, IND, NMPA trial approval, CTA or EU clinical investigation authorisation, from an authority the project ' +
      'targets (409 authority_not_targeted), of a form that authority issues (409 invalid_regulatory_target); ' +
      "a pathway template's regulator_trial_approval evidence counts it.",
  })
  async authorise(
    @ProjectIdParam() projectId: string,
    @Body() body: RecordTrialAuthorisationRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const authorisationId = body.authorisationId ?? randomUUID();
    const data = { ...body, projectId, authorisationId, trialId: body.trialId ?? null };
    const result = await this.commands.execute(
      new ExecuteProjectCommand({ type: 'RecordTrialAuthorisation', data }, context, onDay(body.grantedOn)),
    );
    res.location(`/projects/${projectId}/trial-authorisations/${authorisationId}`);
    return withEtag(res, result);
  }

  @Post(':projectId/trials/:trialId/first-patient-in')
  @CommandEndpoint('Record the first patient in', { roles: OFFICE_OR_CLINICIAN, description: 'Refused until an ethics approval is recorded.' })
  async firstPatientIn(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('trialId') trialId: string,
    @Body() body: RecordFirstPatientInRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordFirstPatientIn', data: { ...body, projectId, trialId } },
        context,
        onDay(body.occurredOn),
      ),
    );
    return withEtag(res, result);
  }

  @Post(':projectId/trials/:trialId/enrolment')
  @CommandEndpoint('Update a trial’s enrolment count', { roles: OFFICE_OR_CLINICIAN, description: 'People ever enrolled: the count never goes down.' })
  async enrol(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('trialId') trialId: string,
    @Body() body: UpdateEnrolmentRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'UpdateEnrolment', data: { ...body, projectId, trialId } },
        context,
        onDay(body.asOf),
      ),
    );
    return withEtag(res, result);
  }

  @Post(':projectId/trials/:trialId/completion')
  @CommandEndpoint('Complete a trial', { roles: OFFICE_OR_CLINICIAN, description: 'States whether the primary endpoint was met.' })
  async complete(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('trialId') trialId: string,
    @Body() body: CompleteTrialRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'CompleteTrial', data: { ...body, projectId, trialId } },
        context,
        onDay(body.completedOn),
      ),
    );
    return withEtag(res, result);
  }
}
