import { DomainError } from '../shared/errors';
import { MAX_COUNT, notFound, notRetracted, requirePastDate, required, requireTarget, unique } from '../shared/rules';
import type { ProjectState } from '../state';
import type {
  EnrolmentUpdated,
  FirstPatientEnrolled,
  TrialCommand,
  TrialAuthorisationRecorded,
  TrialCompleted,
  TrialRegistered,
} from './trials.payloads';
import { TRIAL_AUTHORISATION_AUTHORITIES } from './trials.payloads';

export function decideTrial(
  command: TrialCommand,
  state: ProjectState,
): (TrialRegistered | FirstPatientEnrolled | EnrolmentUpdated | TrialCompleted | TrialAuthorisationRecorded)[] {
  switch (command.type) {
    case 'RegisterTrial': {
      const d = command.data;
      unique(state.trials, 'trial', d.trialId);
      required({ registryId: d.registryId, registeredOn: d.registeredOn });
      if (!Number.isInteger(d.targetEnrolment) || d.targetEnrolment < 1 || d.targetEnrolment > MAX_COUNT) {
        throw new DomainError('invalid_count', `Target enrolment must be a whole number from 1 to ${MAX_COUNT}.`, {
          field: 'targetEnrolment',
          value: d.targetEnrolment,
        });
      }
      return [{ type: 'TrialRegistered', data: d }];
    }
    case 'RecordFirstPatientIn': {
      trialFor(state, command.data.trialId, 'registered');
      // No patient may be enrolled before an ethics committee has approved the study.
      const approved = Object.values(state.ethicsApprovals).some((e) => !e.retracted);
      if (!approved) {
        throw new DomainError('ethics_approval_required', 'Record the ethics approval before the first patient in.');
      }
      return [{ type: 'FirstPatientEnrolled', data: command.data }];
    }
    case 'UpdateEnrolment': {
      const d = command.data;
      const trial = trialFor(state, d.trialId, 'recruiting');
      if (!Number.isInteger(d.enrolled) || d.enrolled < 0 || d.enrolled > MAX_COUNT) {
        throw new DomainError('invalid_count', `Enrolled must be a whole number from 0 to ${MAX_COUNT}.`, {
          field: 'enrolled',
          value: d.enrolled,
        });
      }
      // Enrolled counts people ever enrolled; a lower number is a mistake to fix by correction.
      if (d.enrolled < trial.enrolled) {
        throw new DomainError('enrolment_cannot_decrease', `Enrolment is already ${trial.enrolled}.`, {
          current: trial.enrolled,
          enrolled: d.enrolled,
        });
      }
      const targetEnrolment = trial.targetEnrolment;
      return [{ type: 'EnrolmentUpdated', data: { ...d, targetEnrolment, overTarget: d.enrolled > targetEnrolment } }];
    }
    case 'CompleteTrial':
      trialFor(state, command.data.trialId, 'recruiting');
      required({ completedOn: command.data.completedOn });
      return [{ type: 'TrialCompleted', data: command.data }];
    case 'RecordTrialAuthorisation': {
      const d = command.data;
      unique(state.trialAuthorisations, 'trial_authorisation', d.authorisationId);
      required({ reference: d.reference, grantedOn: d.grantedOn });
      requirePastDate('grantedOn', d.grantedOn, command.metadata.now);
      const issuers: readonly string[] = TRIAL_AUTHORISATION_AUTHORITIES[d.form] ?? [];
      if (!issuers.includes(d.authority)) {
        throw new DomainError('invalid_regulatory_target', `${d.authority} does not issue ${d.form}.`, {
          field: 'authority',
          form: d.form,
          authority: d.authority,
          allowed: issuers,
        });
      }
      requireTarget(state.profile?.targets, d.authority);
      // The trial it covers, when named, must be on the record (a study may be authorised before it is registered).
      if (d.trialId != null) {
        const trial = state.trials[d.trialId];
        if (!trial) throw notFound('trial_not_found', 'trial', d.trialId);
        notRetracted(trial, 'trial', d.trialId);
      }
      return [
        {
          type: 'TrialAuthorisationRecorded',
          data: { ...d, reference: d.reference.trim(), trialId: d.trialId ?? null },
        },
      ];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}

function trialFor(state: ProjectState, trialId: string, expected: 'registered' | 'recruiting') {
  const trial = state.trials[trialId];
  if (!trial) throw notFound('trial_not_found', 'trial', trialId);
  notRetracted(trial, 'trial', trialId);
  if (trial.status !== expected) {
    throw new DomainError('invalid_trial_transition', `The trial is ${trial.status}, expected ${expected}.`, {
      trialId,
      status: trial.status,
      expected,
    });
  }
  return trial;
}
