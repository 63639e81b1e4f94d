import type { ProjectProfile } from '../projects/projects.payloads';
import { DomainError } from '../shared/errors';
import { required, unique } from '../shared/rules';
import type { ProjectState } from '../state';
import type { EquivalenceEvaluationRecorded, RecordEquivalenceEvaluation } from './equivalence.payloads';

export function decideEquivalence(
  command: RecordEquivalenceEvaluation,
  state: ProjectState,
  project: ProjectProfile,
): EquivalenceEvaluationRecorded[] {
  const d = command.data;
  if (project.riskClass === 'III') {
    throw new DomainError(
      'equivalence_only_for_class_i_ii',
      'Clinical evaluation by equivalence is open to class I and II devices only.',
      { riskClass: project.riskClass },
    );
  }
  unique(state.equivalenceEvaluations, 'equivalence_evaluation', d.evaluationId);
  required({ predicateDevice: d.predicateDevice, evaluatedOn: d.evaluatedOn });
  return [{ type: 'EquivalenceEvaluationRecorded', data: d }];
}
