import { randomUUID } from 'node:crypto';
import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Nested, OneOf, RecordId, Text } from '@app/platform';
import { AUTHORITIES, PARTNER_KINDS, PARTNER_ROLES, RISK_CLASSES, PATHWAYS } from '../../domain';
import type { Authority, Partner, PartnerKind, PartnerRole, Pathway, RegulatoryTarget, RiskClass } from '../../domain';


export class PersonDto {
  @Text({ max: 128, example: 'dr-chen' }) id: string;
  @Text({ max: 200, example: 'Dr. Chen Wei' }) name: string;
}

export class PartnerDto {
  @RecordId({ description: 'Made by the server when left out' }) partnerId?: string;
  @Text({ max: 200, example: 'SinoChip Medical Semiconductors' }) name: string;
  @OneOf(PARTNER_KINDS) kind: PartnerKind;
  @OneOf(PARTNER_ROLES) role: PartnerRole;
}

export class RegulatoryTargetDto {
  @OneOf(AUTHORITIES) authority: Authority;
  @OneOf(PATHWAYS, { description: 'Must be one the authority offers (checked by the domain)' }) pathway: Pathway;
  @Text({ optional: true, max: 8, example: 'III', description: "The authority's class for the device, when known" })
  deviceClass?: string;
  @ApiPropertyOptional({ description: 'FDA Breakthrough Devices designation' })
  @IsOptional()
  @IsBoolean()
  breakthrough?: boolean;
  @Text({ optional: true, max: 200, description: 'EU MDR notified body' }) notifiedBody?: string;
}

export class TemplateRefDto {
  @Text({ max: 64, example: 'fda_pma', description: 'A pathway template (GET /templates)' }) templateId: string;
  @ApiPropertyOptional({ example: 1, description: 'Its version; the latest when left out' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ProposeProjectRequest {
  @RecordId({ description: 'The new project id; made by the server when left out' }) projectId?: string;
  @Text({ max: 200, example: 'Non-invasive blood-glucose detector' }) title: string;
  @Text({ max: 4000, example: 'Optical glucose sensing through the fingertip, no lancet.' }) summary: string;
  @Text({ max: 200, example: 'in vitro diagnostic sensor' }) deviceType: string;
  @OneOf(RISK_CLASSES) riskClass: RiskClass;
  @Nested(() => RegulatoryTargetDto, { array: true, maxItems: 10 }) targets: RegulatoryTargetDto[];
  @Text({ max: 200, example: 'endocrinology' }) therapeuticArea: string;
  @Text({ max: 200, example: 'Shanghai Sixth People’s Hospital' }) institution: string;
  @Text({ max: 200, example: 'Endocrinology' }) department: string;
  @Nested(() => PersonDto) leadClinician: PersonDto;
  @Nested(() => PartnerDto, { array: true, optional: true, maxItems: 20 }) partners?: PartnerDto[];
  @Nested(() => TemplateRefDto, {
    optional: true,
    description: 'The pathway template the project follows, bound at this version for good; left out: the fixed model',
  })
  template?: TemplateRefDto;
}

/** Targets as the record keeps them: what was left out is explicitly unknown (null) or not designated (false). */
export function toRegulatoryTargets(targets: RegulatoryTargetDto[]): RegulatoryTarget[] {
  return targets.map((t) => ({ ...t, deviceClass: t.deviceClass ?? null, breakthrough: t.breakthrough ?? false, notifiedBody: t.notifiedBody ?? null }));
}

/** Partners with their ids, made by the server where the client left them out. */
export function toPartners(partners: PartnerDto[] | undefined): Partner[] {
  return (partners ?? []).map((p) => ({ ...p, partnerId: p.partnerId ?? randomUUID() }));
}
