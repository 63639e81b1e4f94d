// decide: checks who may issue the command on this project, then hands it to the area that owns it.
import { authorize } from './authorize';
import type { ProjectCommand } from './commands';
import { decideCorrection } from './corrections/corrections.decider';
import { decideCondition, goOnConditions } from './conditions/conditions.decider';
import { decideDesignation } from './designations/designations.decider';
import { decideDisclosure } from './disclosures/disclosures.decider';
import { decideDocument } from './documents/documents.decider';
import { decideEquivalence } from './equivalence/equivalence.decider';
import type { ProjectEvent } from './events';
import { invalidatingSignatures } from './gates/gate-signatures';
import { decideGate } from './gates/gates.decider';
import { decideIdea, isIdeaCommand } from './ideas/ideas.decider';
import type { IdeaCommand } from './ideas/ideas.payloads';
import { decideMilestone } from './milestones/milestones.decider';
import { decidePatent } from './patents/patents.decider';
import { decideProject } from './projects/projects.decider';
import { decidePrototype } from './prototype/prototype.decider';
import type { ProjectProfile } from './projects/projects.payloads';
import type { ProjectState } from './state';
import { decideSubmission } from './submissions/submissions.decider';
import { decideTeam } from './team/team.decider';
import { decideTemplateAdoption } from './templates/template-adoption';
import { decideTrial } from './trials/trials.decider';

export function decide(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  // An idea comes before the project: its commands find no profile yet.
  if (isIdeaCommand(command)) return decideIdea(command, state);
  const project = authorize(command, state);
  // A change to the record while a go collects signatures invalidates them, in one place for every command.
  return invalidatingSignatures(state, decideArea(command, state, project));
}

function decideArea(
  command: Exclude<ProjectCommand, IdeaCommand>,
  state: ProjectState,
  project: ProjectProfile,
): ProjectEvent[] {
  switch (command.type) {
    case 'ProposeProject':
      return decideProject(command);
    case 'RecordInventionDisclosure':
      return decideDisclosure(command, state);
    case 'FilePatent':
    case 'RecordPatentPublished':
    case 'RecordPatentGranted':
    case 'AbandonPatent':
      return decidePatent(command, state);
    case 'RecordPrototypeBuilt':
    case 'RecordVerificationTest':
    case 'RecordDesignReview':
    case 'RecordEthicsApproval':
      return decidePrototype(command, state);
    case 'RegisterTrial':
    case 'RecordFirstPatientIn':
    case 'UpdateEnrolment':
    case 'CompleteTrial':
    case 'RecordTrialAuthorisation':
      return decideTrial(command, state);
    case 'RecordDesignation':
      return decideDesignation(command, state);
    case 'RecordEquivalenceEvaluation':
      return decideEquivalence(command, state, project);
    case 'FileSubmission':
    case 'RecordSubmissionDeficiency':
    case 'AnswerSubmissionDeficiency':
    case 'RecordSubmissionApproval':
    case 'RecordSubmissionRejection':
      return decideSubmission(command, state);
    case 'AddTeamMember':
    case 'RemoveTeamMember':
    case 'AddPartner':
    case 'RemovePartner':
      return decideTeam(command, state, project);
    case 'LogMilestone':
      return decideMilestone(command, state);
    case 'CorrectRecord':
    case 'RetractRecord':
      return decideCorrection(command, state);
    // Gate decisions; pathway templates (templates/) will decide which evidence and signatures a gate needs.
    case 'AdvanceStage':
      // A conditional go: refused while an earlier go's conditions are open; its own follow its StageAdvanced.
      return goOnConditions(command, state, () => decideGate(command, state, project));
    case 'CloseCondition':
      return decideCondition(command, state);
    case 'KillProject':
    case 'PutProjectOnHold':
    case 'ResumeProject':
    case 'RecycleProject':
    case 'RecordPaperGateDecision':
    case 'RevokeGateSignature':
      return decideGate(command, state, project);
    case 'AttachDocument':
    case 'SupersedeDocument':
      return decideDocument(command, state);
    case 'MoveToTemplateVersion':
      return decideTemplateAdoption(command, state, project);
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}
