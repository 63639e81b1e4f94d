import { atPrototype, command, equivalenceRecorded, spec, spineAtPrototype } from '../testing/fixtures';

describe('RecordEquivalenceEvaluation', () => {
  const evaluate = (data = equivalenceRecorded.data) => command('RecordEquivalenceEvaluation', data);

  it('records an equivalence evaluation for a class II device', () =>
    spec.given(spineAtPrototype).when(evaluate()).then([equivalenceRecorded]));
  it('is only for class I and II', () =>
    spec.given(atPrototype).when(evaluate()).thenThrows('equivalence_only_for_class_i_ii', { riskClass: 'III' }));
  it('needs the predicate device', () =>
    spec
      .given(spineAtPrototype)
      .when(evaluate({ ...equivalenceRecorded.data, predicateDevice: '' }))
      .thenThrows('field_required'));
  it('refuses a duplicate id', () =>
    spec
      .given([...spineAtPrototype, equivalenceRecorded])
      .when(evaluate())
      .thenThrows('record_already_exists'));
});
