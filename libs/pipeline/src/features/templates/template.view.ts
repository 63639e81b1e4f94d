import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPROVED_WHEN, EVIDENCE_KINDS, PathwayTemplate } from '../../domain/templates';
import { STAGES } from '../../domain';

export class TemplateSourceView {
  @ApiProperty() publisher: string;
  @ApiProperty() document: string;
  @ApiProperty() url: string;
}

export class TemplateStageView {
  @ApiProperty() id: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: STAGES, description: 'Where the stage sits in the six-stage pipeline (board, funnel)' })
  phase: string;
}

export class ApprovalRuleView {
  @ApiProperty({ description: 'Signatures needed in all, one per person whatever accounts they hold' })
  signatures: number;
  @ApiProperty({ type: [String], description: 'Roles whose signatures count' }) roles: string[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'At least this many from a role',
  })
  minimumPerRole?: Record<string, number>;
  @ApiProperty({ description: 'One signer must be outside the project team' }) independentReviewer: boolean;
}

export class TemplateGateView {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: `Evidence the gate needs, each of a kind from the catalogue (${EVIDENCE_KINDS.join(', ')}) or an any_of of options`,
  })
  evidence: object[];
  @ApiProperty({ type: ApprovalRuleView }) approval: ApprovalRuleView;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'A skip: the project facts under which it may be taken',
  })
  when?: object;
}

export class TemplateView {
  @ApiProperty() templateId: string;
  @ApiProperty() version: number;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [TemplateSourceView], description: "The regulator's published process the template follows" })
  sources: TemplateSourceView[];
  @ApiProperty({ type: [TemplateStageView] }) stages: TemplateStageView[];
  @ApiProperty({ type: [TemplateGateView] }) gates: TemplateGateView[];
  @ApiProperty({ enum: APPROVED_WHEN }) approvedWhen: string;
}

export class TemplateListView {
  @ApiProperty({ type: [TemplateView] }) templates: TemplateView[];
}

export function templateView(template: PathwayTemplate, version: number): TemplateView {
  return { ...template, version } as TemplateView;
}
