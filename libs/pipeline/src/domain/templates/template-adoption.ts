// Moving a project to a newer version of the pathway template it is bound to: an explicit decision on its record,
// signed by the office like a gate decision. The decider cannot read the template library: the handler puts the
// version in the command whole, as ProjectProposed records the version a project is proposed under. Events before
// the adoption keep the version in force when they were decided; replays and as-of views fold them in that order.
import { sign } from '../gates/gates.decider';
import type { Signature, SignatureInput } from '../gates/gates.payloads';
import type { ProjectProfile } from '../projects/projects.payloads';
import { DomainError } from '../shared/errors';
import { requireReason } from '../shared/rules';
import type { Command, Event, OnProject } from '../shared/shapes';
import type { Stage } from '../shared/values';
import type { ProjectState } from '../state';
import type { TemplateVersion } from './template.model';
import { validateTemplate } from './template.validation';

export type MoveToTemplateVersion = Command<
  'MoveToTemplateVersion',
  OnProject & {
    /** The version moved to, as the template library holds it (same template id, a later version). */
    template: TemplateVersion;
    reason: string;
    signature: SignatureInput;
  }
>;

export interface TemplateVersionAdoption {
  templateId: string;
  fromVersion: number;
  toVersion: number;
  /** The version adopted, whole: what the project's gates follow from here on. */
  template: TemplateVersion;
  /** The project's template stage, kept under the new version (same id, same pipeline phase). */
  templateStage: string;
  phase: Stage;
  reason: string;
  signature: Signature;
}
export type TemplateVersionAdopted = Event<'TemplateVersionAdopted', OnProject & TemplateVersionAdoption>;

/**
 * Only the same template, only a later version, and only one whose stages still hold the project's current template
 * stage in the same pipeline phase (so the board's stage and time in stage mean what they meant). Killed and approved
 * projects are refused before this (authorize.ts); signatures collected toward a go under the old version are
 * invalidated by the dispatcher, as by any change to the record.
 */
export function decideTemplateAdoption(
  command: MoveToTemplateVersion,
  state: ProjectState,
  project: ProjectProfile,
): TemplateVersionAdopted[] {
  const bound = state.template;
  const next = command.data.template;
  if (!bound || state.templateStage === undefined) {
    throw new DomainError(
      'template_not_bound',
      'The project follows the fixed model, not a pathway template: there is no version to move from.',
      { projectId: project.projectId },
    );
  }
  if (next.templateId !== bound.templateId) {
    throw new DomainError(
      'template_mismatch',
      `The project is bound to template ${bound.templateId}; it can move only to a newer version of it, not to ${next.templateId}.`,
      { boundTemplateId: bound.templateId, templateId: next.templateId },
    );
  }
  if (next.version <= bound.version) {
    throw new DomainError(
      'template_version_not_newer',
      `The project is bound to version ${bound.version} of ${bound.templateId}; version ${next.version} is not newer.`,
      { boundVersion: bound.version, version: next.version },
    );
  }
  const problems = validateTemplate(next.template);
  if (problems.length > 0) {
    throw new DomainError('invalid_template', `The template cannot be used: ${problems[0].message}`, { problems });
  }
  const current = state.templateStage;
  const stage = next.template.stages.find((s) => s.id === current);
  if (!stage) {
    throw new DomainError(
      'template_stage_missing',
      `Version ${next.version} of ${next.templateId} has no stage ${current}, where the project is now.`,
      { templateStage: current, version: next.version },
    );
  }
  if (stage.phase !== state.stage) {
    throw new DomainError(
      'template_stage_phase_changed',
      `Version ${next.version} places stage ${current} in ${stage.phase}; the project is in ${state.stage}.`,
      { templateStage: current, phase: state.stage, newPhase: stage.phase },
    );
  }
  const reason = requireReason(command.data.reason);
  const signature = sign(command.data.signature, command.metadata, state, project);
  return [
    {
      type: 'TemplateVersionAdopted',
      data: {
        projectId: project.projectId,
        templateId: bound.templateId,
        fromVersion: bound.version,
        toVersion: next.version,
        template: next,
        templateStage: current,
        phase: stage.phase,
        reason,
        signature,
      },
    },
  ];
}
