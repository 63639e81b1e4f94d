import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { principalOf, SIGNATURE_VERIFIER } from '@app/platform';
import type { SignatureVerifier } from '@app/platform';
import {
  CommandAcceptedBody,
  CommandContext,
  CommandEndpoint,
  ExecuteProjectCommand,
  ProjectIdParam,
  withEtag,
} from '../../application';
import type { RequestContext } from '../../application';
import { printedNameOf, signedRevisionUnknown } from '../gate-decisions/gate-decisions.http.controller';
import { MoveToTemplateVersionRequest } from './template-adoption.request.dto';
import { TemplateLibrary } from './template-library.service';

// A project bound to a template moves to a newer version only by the office's signed decision; the version's content
// is read from the library here and recorded whole in TemplateVersionAdopted, as ProjectProposed records the first.
@ApiTags('templates')
@Controller('projects')
export class TemplateAdoptionHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly library: TemplateLibrary,
    @Inject(SIGNATURE_VERIFIER) private readonly signatures: SignatureVerifier,
  ) {}

  @Post(':projectId/template-versions')
  @CommandEndpoint('Move a project to a newer version of its pathway template (a signed decision)', {
    description:
      'The innovation office moves a project to a newer version of the template it is bound to (TemplateVersionAdopted, ' +
      'the version recorded whole, with the reason and an electronic signature as for a gate decision: `signature.password` ' +
      'or `signature.token`, If-Match required, 428 without it). Its gates follow the new version from then on; earlier ' +
      'events, as-of views and replays keep the version in force then. 404 template_not_found: no such template or version. ' +
      '409 template_mismatch: another template (a project never changes template); template_version_not_newer; ' +
      'template_stage_missing: the version has no stage where the project is now (named); template_stage_phase_changed: ' +
      'the version places that stage in another pipeline phase; template_not_bound: the project follows the fixed model; ' +
      'invalid_template; project_approved; project_terminated; project_on_hold; signer_is_lead_clinician. Signatures ' +
      'collected toward a go under the old version are invalidated.',
  })
  async move(
    @ProjectIdParam() projectId: string,
    @Body() body: MoveToTemplateVersionRequest,
    @CommandContext() context: RequestContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const principal = principalOf(req);
    if (context.expectedRevision === undefined) throw signedRevisionUnknown();
    const printedName = printedNameOf(principal, body.signature.printedName);
    const template = await this.library.version(body.templateId, body.version);
    await this.signatures.verify(
      principal,
      { password: body.signature.password, token: body.signature.token },
      { projectId, requestId: context.requestId },
    );
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        {
          type: 'MoveToTemplateVersion',
          data: {
            projectId,
            template,
            reason: body.reason,
            signature: { meaning: body.signature.meaning, printedName },
          },
        },
        context,
      ),
    );
    return withEtag(res, result);
  }
}
