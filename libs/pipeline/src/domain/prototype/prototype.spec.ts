import {
  atPrototype,
  command,
  designReviewHeld,
  biocompatibilityPassed,
  ethicsApproved,
  event,
  office,
  outsider,
  prototypeBuilt,
  spec,
  teamClinician,
  teamClinicianAdded,
} from '../testing/fixtures';

describe('prototype evidence', () => {
  const build = (data = prototypeBuilt.data, actor = office) => command('RecordPrototypeBuilt', data, actor);
  const test = (data = biocompatibilityPassed.data) => command('RecordVerificationTest', data);

  it('records a prototype version', () => spec.given(atPrototype).when(build()).then([prototypeBuilt]));
  it('lets a team clinician record a prototype iteration', () =>
    spec
      .given([...atPrototype, teamClinicianAdded])
      .when(build(prototypeBuilt.data, teamClinician))
      .then([prototypeBuilt]));
  it('refuses a clinician off the team', () =>
    spec.given(atPrototype).when(build(prototypeBuilt.data, outsider)).thenThrows('not_a_team_member'));
  it('refuses a duplicate id', () =>
    spec
      .given([...atPrototype, prototypeBuilt])
      .when(build())
      .thenThrows('record_already_exists'));
  it('refuses a version already recorded', () =>
    spec
      .given([...atPrototype, prototypeBuilt])
      .when(build({ ...prototypeBuilt.data, prototypeId: 'pro-again' }))
      .thenThrows('prototype_version_exists', { version: 'v1.0' }));
  it('needs a version', () =>
    spec
      .given(atPrototype)
      .when(build({ ...prototypeBuilt.data, version: '' }))
      .thenThrows('field_required'));

  it('records a verification test on a prototype', () =>
    spec
      .given([...atPrototype, prototypeBuilt])
      .when(test())
      .then([biocompatibilityPassed]));
  it('records a failed test too', () =>
    spec
      .given([...atPrototype, prototypeBuilt])
      .when(test({ ...biocompatibilityPassed.data, result: 'failed' }))
      .then([event('VerificationTestRecorded', { ...biocompatibilityPassed.data, result: 'failed' })]));
  it('needs the prototype tested', () => spec.given(atPrototype).when(test()).thenThrows('prototype_not_found'));
  it('refuses a test on a retracted prototype', () =>
    spec
      .given([
        ...atPrototype,
        prototypeBuilt,
        event('RecordRetracted', { target: { kind: 'prototype', id: 'pro-v1' }, reason: 'Entered twice' }),
      ])
      .when(test())
      .thenThrows('record_retracted'));
  it('needs the lab', () =>
    spec
      .given([...atPrototype, prototypeBuilt])
      .when(test({ ...biocompatibilityPassed.data, lab: '' }))
      .thenThrows('field_required'));
  it('refuses a duplicate test id', () =>
    spec
      .given([...atPrototype, prototypeBuilt, biocompatibilityPassed])
      .when(test())
      .thenThrows('record_already_exists'));

  it('records a design review', () =>
    spec.given(atPrototype).when(command('RecordDesignReview', designReviewHeld.data)).then([designReviewHeld]));
  it('refuses a duplicate design review', () =>
    spec
      .given([...atPrototype, designReviewHeld])
      .when(command('RecordDesignReview', designReviewHeld.data))
      .thenThrows('record_already_exists'));
  it('is for the office to record design reviews', () =>
    spec
      .given([...atPrototype, teamClinicianAdded])
      .when(command('RecordDesignReview', designReviewHeld.data, teamClinician))
      .thenThrows('role_not_permitted'));

  it('records an ethics approval', () =>
    spec.given(atPrototype).when(command('RecordEthicsApproval', ethicsApproved.data)).then([ethicsApproved]));
  it('needs the committee reference', () =>
    spec
      .given(atPrototype)
      .when(command('RecordEthicsApproval', { ...ethicsApproved.data, reference: '' }))
      .thenThrows('field_required', { field: 'reference' }));
  it('refuses a duplicate ethics approval id', () =>
    spec
      .given([...atPrototype, ethicsApproved])
      .when(command('RecordEthicsApproval', ethicsApproved.data))
      .thenThrows('record_already_exists'));
});
