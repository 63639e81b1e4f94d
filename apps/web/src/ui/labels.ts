import type { Authority, GateDecision, ProjectStatus, Stage } from '../api/enums';

// The words shown for the API's values. Typed as complete records, so a value the API adds without
// a label here fails the web app's typecheck instead of showing a raw code.
export const STAGE_LABEL: Record<Stage, string> = {
  idea: 'Idea',
  patent: 'Patent',
  prototype: 'Prototype',
  clinical_validation: 'Clinical validation',
  regulatory_review: 'Regulatory review',
  approved: 'Approved',
};

export const STATUS_LABEL: Record<ProjectStatus, string> = {
  active: 'Active',
  on_hold: 'On hold',
  terminated: 'Killed',
  approved: 'Approved',
};

export const AUTHORITY_LABEL: Record<Authority, string> = { NMPA: 'NMPA', FDA: 'FDA', HSA: 'HSA', EU_MDR: 'EU MDR' };

export const DECISION_LABEL: Record<GateDecision, string> = {
  go: 'Go: advance to the next stage',
  kill: 'Kill the project',
  hold: 'Put on hold',
  resume: 'Resume',
  recycle: 'Recycle to an earlier stage',
};

/** `snake_case` or `camelCase` API words as plain words ("clinical_validation" → "clinical validation"). */
export function words(code: string): string {
  return code
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

export function stageLabel(stage: string | null | undefined): string {
  return stage && stage in STAGE_LABEL ? STAGE_LABEL[stage as Stage] : (stage ?? '');
}
