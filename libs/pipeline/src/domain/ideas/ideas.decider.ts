import { PERMITTED_ROLES } from '../authorize';
import type { InventionDisclosureRecorded } from '../disclosures/disclosures.payloads';
import type { ProjectProposed } from '../projects/projects.payloads';
import { proposal } from '../projects/projects.decider';
import { DomainError } from '../shared/errors';
import { person, required, requireReason } from '../shared/rules';
import type { CommandMetadata } from '../shared/shapes';
import { personKey } from '../shared/values';
import type { ProjectState } from '../state';
import type {
  IdeaAccepted,
  IdeaCommand,
  IdeaDeclined,
  IdeaRecord,
  IdeaResubmitted,
  IdeaSubmission,
  IdeaSubmitted,
} from './ideas.payloads';
import type { ProjectCommand } from '../commands';

type IdeaEvent =
  IdeaSubmitted | IdeaResubmitted | IdeaAccepted | IdeaDeclined | ProjectProposed | InventionDisclosureRecorded;

const IDEA_COMMANDS: ReadonlySet<ProjectCommand['type']> = new Set([
  'SubmitIdea',
  'ResubmitIdea',
  'AcceptIdea',
  'DeclineIdea',
]);
export const isIdeaCommand = (command: ProjectCommand): command is IdeaCommand => IDEA_COMMANDS.has(command.type);

// A doctor's idea: submitted by a clinician (its lead), screened by the office into a project or declined with a
// reason the clinician reads; a declined idea is accepted only after it was submitted again.
export function decideIdea(command: IdeaCommand, state: ProjectState): IdeaEvent[] {
  const { actor, now } = command.metadata;
  if (!PERMITTED_ROLES[command.type].includes(actor.role)) {
    throw new DomainError('role_not_permitted', `Role ${actor.role} may not ${command.type}.`, {
      role: actor.role,
      command: command.type,
    });
  }
  const { projectId } = command.data;
  switch (command.type) {
    case 'SubmitIdea':
      if (state.revision >= 0) {
        throw new DomainError('project_already_exists', `Project ${projectId} already exists.`, { projectId });
      }
      return [{ type: 'IdeaSubmitted', data: submission(command.data, command.metadata) }];
    case 'ResubmitIdea': {
      const idea = ideaOf(state, projectId);
      if (personKey(idea.submittedBy.id) !== personKey(actor.id)) {
        throw new DomainError('not_idea_submitter', 'Only the clinician who submitted the idea may submit it again.', {
          projectId,
        });
      }
      if (idea.status !== 'declined') {
        throw new DomainError(
          'idea_not_declined',
          `The idea is ${idea.status}: only a declined idea is submitted again.`,
          {
            projectId,
            ideaStatus: idea.status,
          },
        );
      }
      return [{ type: 'IdeaResubmitted', data: submission(command.data, command.metadata) }];
    }
    case 'AcceptIdea': {
      const idea = pendingIdea(state, projectId);
      const d = command.data;
      const reason = d.reason?.trim() ? d.reason.trim() : null;
      const project = proposal(
        {
          projectId,
          title: idea.title,
          summary: idea.summary,
          deviceType: idea.deviceType,
          riskClass: d.riskClass,
          targets: d.targets,
          therapeuticArea: idea.therapeuticArea,
          institution: idea.institution,
          department: idea.department,
          leadClinician: idea.submittedBy,
          partners: d.partners,
        },
        now,
      );
      const disclosure = idea.disclosure;
      return [
        { type: 'IdeaAccepted', data: { projectId, reason, acceptedAt: now } },
        { type: 'ProjectProposed', data: project },
        ...(disclosure ? [{ type: 'InventionDisclosureRecorded' as const, data: { projectId, ...disclosure } }] : []),
      ];
    }
    case 'DeclineIdea': {
      pendingIdea(state, projectId);
      const reason = requireReason(command.data.reason);
      return [{ type: 'IdeaDeclined', data: { projectId, reason, declinedAt: now } }];
    }
  }
}

function submission(d: IdeaSubmission, metadata: CommandMetadata) {
  required({
    projectId: d.projectId,
    title: d.title,
    clinicalNeed: d.clinicalNeed,
    deviceType: d.deviceType,
    institution: d.institution,
  });
  if (d.disclosure)
    required({ 'disclosure.title': d.disclosure.title, 'disclosure.disclosedOn': d.disclosure.disclosedOn });
  // The submitter leads the project the idea may become.
  const submittedBy = person({ id: metadata.actor.id, name: metadata.actor.name }, 'submittedBy.id');
  return { ...d, submittedBy, submittedAt: metadata.now };
}

function ideaOf(state: ProjectState, projectId: string): IdeaRecord {
  if (!state.idea) throw new DomainError('idea_not_found', `No idea ${projectId} was submitted.`, { projectId });
  return state.idea;
}

function pendingIdea(state: ProjectState, projectId: string): IdeaRecord {
  const idea = ideaOf(state, projectId);
  if (idea.status === 'declined') {
    throw new DomainError(
      'idea_declined',
      'The idea was declined: the clinician must submit it again before it can be screened.',
      {
        projectId,
      },
    );
  }
  if (idea.status !== 'submitted') {
    throw new DomainError('idea_already_screened', `The idea was already ${idea.status}.`, {
      projectId,
      ideaStatus: idea.status,
    });
  }
  return idea;
}
