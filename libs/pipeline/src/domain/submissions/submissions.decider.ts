import { DomainError } from '../shared/errors';
import { checkPathway, notFound, notRetracted, required, requireReason, unique } from '../shared/rules';
import { DEVICE_CLASSES_BY_AUTHORITY } from '../shared/values';
import type { ProjectState } from '../state';
import type {
  SubmissionApproved,
  SubmissionCommand,
  SubmissionDeficiencyAnswered,
  SubmissionDeficiencyReceived,
  SubmissionFiled,
  SubmissionRejected,
} from './submissions.payloads';

type SubmissionEvent =
  | SubmissionFiled
  | SubmissionDeficiencyReceived
  | SubmissionDeficiencyAnswered
  | SubmissionApproved
  | SubmissionRejected;

export function decideSubmission(command: SubmissionCommand, state: ProjectState): SubmissionEvent[] {
  switch (command.type) {
    case 'FileSubmission': {
      const d = command.data;
      unique(state.submissions, 'submission', d.submissionId);
      required({ reference: d.reference, filedOn: d.filedOn });
      checkPathway(d.authority, d.pathway);
      // A project under a pathway template keeps one regulatory track per target authority: no submission elsewhere.
      if (state.template && !state.profile?.targets.some((t) => t.authority === d.authority)) {
        throw new DomainError('submission_not_targeted', `The project does not target ${d.authority}.`, {
          authority: d.authority,
          targets: state.profile?.targets.map((t) => t.authority) ?? [],
        });
      }
      if (d.authority === 'NMPA' && d.pathway === 'innovative_special_review') requireChineseInventionPatent(state);
      return [{ type: 'SubmissionFiled', data: d }];
    }
    case 'RecordSubmissionDeficiency':
      submissionFor(state, command.data.submissionId, ['under_review', 'deficiency_open']);
      required({ receivedOn: command.data.receivedOn, summary: command.data.summary });
      return [{ type: 'SubmissionDeficiencyReceived', data: command.data }];
    case 'AnswerSubmissionDeficiency':
      submissionFor(state, command.data.submissionId, ['deficiency_open']);
      required({ answeredOn: command.data.answeredOn, summary: command.data.summary });
      return [{ type: 'SubmissionDeficiencyAnswered', data: command.data }];
    case 'RecordSubmissionApproval': {
      const d = command.data;
      // An authority decides only once every deficiency letter has been answered.
      const submission = submissionFor(state, d.submissionId, ['under_review']);
      required({ certificateNumber: d.certificateNumber, approvedOn: d.approvedOn, deviceClass: d.deviceClass });
      const classes: readonly string[] = DEVICE_CLASSES_BY_AUTHORITY[submission.authority];
      if (!classes.includes(d.deviceClass)) {
        const message = `${submission.authority} has no device class ${d.deviceClass}.`;
        throw new DomainError('invalid_regulatory_target', message, {
          authority: submission.authority,
          deviceClass: d.deviceClass,
          allowed: classes,
        });
      }
      return [{ type: 'SubmissionApproved', data: { ...d, authority: submission.authority } }];
    }
    case 'RecordSubmissionRejection':
      submissionFor(state, command.data.submissionId, ['under_review', 'deficiency_open']);
      requireReason(command.data.reason);
      return [{ type: 'SubmissionRejected', data: command.data }];
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}

function submissionFor(state: ProjectState, submissionId: string, expected: readonly string[]) {
  const submission = state.submissions[submissionId];
  if (!submission) throw notFound('submission_not_found', 'submission', submissionId);
  notRetracted(submission, 'submission', submissionId);
  if (!expected.includes(submission.status)) {
    throw new DomainError('invalid_submission_transition', `The submission is ${submission.status}.`, {
      submissionId,
      status: submission.status,
      expected,
    });
  }
  return submission;
}

// NMPA's green channel needs a Chinese invention patent that is granted or at least published.
function requireChineseInventionPatent(state: ProjectState): void {
  const qualifies = Object.values(state.patents).some(
    (p) =>
      !p.retracted &&
      p.jurisdiction.trim().toUpperCase() === 'CN' &&
      p.kind === 'invention' &&
      (p.status === 'published' || p.status === 'granted'),
  );
  if (!qualifies) {
    throw new DomainError(
      'green_channel_requires_cn_invention_patent',
      'The NMPA innovative special review needs a published or granted Chinese invention patent.',
    );
  }
}
