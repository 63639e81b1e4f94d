import {
  addTeamMemberRequestTeamRoleValues,
  gateDecisionRequestDecisionValues,
  partnerDtoKindValues,
  partnerDtoRoleValues,
  pathsPipelineDrillDownGetParametersQueryMetricValues,
  projectViewStageValues,
  projectViewStatusValues,
  proposeProjectRequestRiskClassValues,
  regulatoryTargetDtoAuthorityValues,
  regulatoryTargetDtoPathwayValues,
  userViewRoleValues,
  boardTrackViewStatusValues,
  type components,
} from './schema';

// The API's enums under the domain's names. The lists come from the generated schema (the API's OpenAPI
// document), never copied by hand: a new stage or pathway in the API shows up here on `npm run generate:api`.
type Schemas = components['schemas'];
export type Stage = Schemas['ProjectView']['stage'];
export type ProjectStatus = Schemas['ProjectView']['status'];
export type RiskClass = Schemas['ProposeProjectRequest']['riskClass'];
export type Authority = Schemas['RegulatoryTargetDto']['authority'];
export type Pathway = Schemas['RegulatoryTargetDto']['pathway'];
export type PartnerKind = Schemas['PartnerDto']['kind'];
export type PartnerRole = Schemas['PartnerDto']['role'];
export type TeamRole = Schemas['AddTeamMemberRequest']['teamRole'];
export type GateDecision = Schemas['GateDecisionRequest']['decision'];
export type Role = Schemas['UserView']['role'];
/** Where a project stands with one authority it targets (its regulatory track). */
export type TrackStatus = Schemas['BoardTrackView']['status'];
export type DrillDownMetric = (typeof pathsPipelineDrillDownGetParametersQueryMetricValues)[number];

export const STAGES: readonly Stage[] = projectViewStageValues;
export const STATUSES: readonly ProjectStatus[] = projectViewStatusValues;
export const RISK_CLASSES: readonly RiskClass[] = proposeProjectRequestRiskClassValues;
export const AUTHORITIES: readonly Authority[] = regulatoryTargetDtoAuthorityValues;
export const PATHWAYS: readonly Pathway[] = regulatoryTargetDtoPathwayValues;
export const PARTNER_KINDS: readonly PartnerKind[] = partnerDtoKindValues;
export const PARTNER_ROLES: readonly PartnerRole[] = partnerDtoRoleValues;
export const TEAM_ROLES: readonly TeamRole[] = addTeamMemberRequestTeamRoleValues;
export const GATE_DECISIONS: readonly GateDecision[] = gateDecisionRequestDecisionValues;
export const ROLES: readonly Role[] = userViewRoleValues;
export const TRACK_STATUSES: readonly TrackStatus[] = boardTrackViewStatusValues;
