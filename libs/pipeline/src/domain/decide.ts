// decide: checks who may issue the command on this project, then hands it to the area that owns it.
import { authorize } from './authorize';
import type { ProjectCommand } from './commands';
import { decideCorrection } from './corrections/corrections.decider';
import { decideDisclosure } from './disclosures/disclosures.decider';
import { decideDocument } from './documents/documents.decider';
import { decideEquivalence } from './equivalence/equivalence.decider';
import type { ProjectEvent } from './events';
import { decideGate } from './gates/gates.decider';
import { decideIdea, isIdeaCommand } from './ideas/ideas.decider';
import { decideMilestone } from './milestones/milestones.decider';
import { decidePatent } from './patents/patents.decider';
import { decideProject } from './projects/projects.decider';
import { decidePrototype } from './prototype/prototype.decider';
import type { ProjectState } from './state';
import { decideSubmission } from './submissions/submissions.decider';
import { decideTeam } from './team/team.decider';
import { decideTrial } from './trials/trials.decider';

export function decide(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  // An idea comes before the project: its commands find no profile yet.
  if (isIdeaCommand(command)) return decideIdea(command, state);
  const project = authorize(command, state);
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
      return decideTrial(command, state);
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
    case 'KillProject':
    case 'PutProjectOnHold':
    case 'ResumeProject':
    case 'RecycleProject':
    case 'RecordPaperGateDecision':
      return decideGate(command, state, project);
    case 'AttachDocument':
    case 'SupersedeDocument':
      return decideDocument(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}
