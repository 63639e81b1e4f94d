import { DomainError } from './project.errors';
import {
  admin,
  atApproved,
  atIdea,
  atPatent,
  atPrototype,
  command,
  designReviewHeld,
  disclosed,
  biocompatibilityPassed,
  ethicsApproved,
  event,
  glucoseProposal,
  killed,
  leadClinician,
  manager,
  milestoneByTan,
  NOW,
  office,
  outsider,
  patentFiled,
  patentGranted,
  patentPublished,
  PROJECT_ID,
  prototypeBuilt,
  proposed,
  putOnHold,
  spec,
  spineProposal,
  teamClinician,
  teamClinicianAdded,
} from './project.fixtures';
import { decide } from './project.decider';
import { initialState } from './project.state';
import { RegulatoryTarget } from './project.values';

const propose = (data = glucoseProposal, actor = office) => command('ProposeProject', data, actor);
const target = (t: Partial<RegulatoryTarget>): RegulatoryTarget => ({
  authority: 'FDA',
  pathway: 'pma',
  deviceClass: null,
  breakthrough: false,
  notifiedBody: null,
  ...t,
});

describe('ProposeProject', () => {
  it('proposes a class III glucose detector with its targets, lead clinician and partner', () =>
    spec.given([]).when(propose()).then([proposed]));

  it('stamps the proposal with the server time from the command', () =>
    spec
      .given([])
      .when(command('ProposeProject', spineProposal, office, '2025-04-02T01:00:00.000Z'))
      .then([event('ProjectProposed', { ...spineProposal, proposedAt: '2025-04-02T01:00:00.000Z' })]));

  it('accepts a project with no authority chosen yet', () =>
    spec
      .given([])
      .when(propose({ ...glucoseProposal, targets: [], partners: [] }))
      .then([event('ProjectProposed', { ...glucoseProposal, targets: [], partners: [], proposedAt: NOW })]));

  it('refuses a second proposal of the same project', () =>
    spec.given(atIdea).when(propose()).thenThrows('project_already_exists', { projectId: PROJECT_ID }));

  it('refuses a second proposal even after a kill', () =>
    spec.given([...atPatent, killed('patent', 2)]).when(propose()).thenThrows('project_already_exists'));

  it('needs a title', () =>
    spec.given([]).when(propose({ ...glucoseProposal, title: ' ' })).thenThrows('field_required', { field: 'title' }));

  it('needs a lead clinician', () =>
    spec
      .given([])
      .when(propose({ ...glucoseProposal, leadClinician: { id: '', name: 'Dr. Nobody' } }))
      .thenThrows('field_required', { field: 'leadClinician.id' }));

  it('refuses a pathway the authority does not offer', () =>
    spec
      .given([])
      .when(propose({ ...glucoseProposal, targets: [target({ authority: 'HSA', pathway: 'pma' })] }))
      .thenThrows('invalid_regulatory_target', { authority: 'HSA', pathway: 'pma' }));

  it('refuses a class the authority does not use (HSA is A-D)', () =>
    spec
      .given([])
      .when(propose({ ...glucoseProposal, targets: [target({ authority: 'HSA', pathway: 'full', deviceClass: 'III' })] }))
      .thenThrows('invalid_regulatory_target'));

  it('refuses a 510(k) for a class III device', () =>
    spec
      .given([])
      .when(propose({ ...glucoseProposal, targets: [target({ pathway: '510k' })] }))
      .thenThrows('invalid_regulatory_target'));

  it('refuses EU self-certification above class I', () =>
    spec
      .given([])
      .when(propose({ ...spineProposal, targets: [target({ authority: 'EU_MDR', pathway: 'self_certification' })] }))
      .thenThrows('invalid_regulatory_target'));

  it('refuses Breakthrough designation outside the FDA', () =>
    spec
      .given([])
      .when(propose({ ...glucoseProposal, targets: [target({ authority: 'NMPA', pathway: 'registration', breakthrough: true })] }))
      .thenThrows('invalid_regulatory_target'));

  it('refuses a notified body outside the EU', () =>
    spec
      .given([])
      .when(propose({ ...glucoseProposal, targets: [target({ notifiedBody: 'BSI' })] }))
      .thenThrows('invalid_regulatory_target'));

  it('refuses duplicate partner ids', () =>
    spec
      .given([])
      .when(propose({ ...glucoseProposal, partners: [...glucoseProposal.partners, ...glucoseProposal.partners] }))
      .thenThrows('record_already_exists', { kind: 'partner' }));

  it.each([leadClinician, manager, admin])('is for the innovation office only, not $role', (actor) =>
    spec.given([]).when(propose(glucoseProposal, actor)).thenThrows('role_not_permitted'));
});

describe('every command', () => {
  const milestone = (actor = office) =>
    command('LogMilestone', { milestoneId: 'ms-9', title: 'Bench test', description: '', occurredOn: '2025-03-02' }, actor);

  it('needs an existing project', () => spec.given([]).when(milestone()).thenThrows('project_not_found'));

  it('needs the same project as the stream', () =>
    spec
      .given(atIdea)
      .when({ ...milestone(), data: { ...milestone().data, projectId: 'prj-other' } })
      .thenThrows('project_not_found', { projectId: 'prj-other' }));

  it('is refused on a terminated project', () =>
    spec.given([...atPatent, killed('patent', 2)]).when(milestone()).thenThrows('project_terminated'));

  it('is refused on hold unless it resumes, kills, corrects or retracts', () =>
    spec.given([...atPatent, putOnHold('patent', 2)]).when(milestone()).thenThrows('project_on_hold'));

  it('is refused to management, whatever it is', () => spec.given(atIdea).when(milestone(manager)).thenThrows('role_not_permitted'));

  it('is refused to admin: admins run the platform, not project records', () =>
    spec.given(atIdea).when(milestone(admin)).thenThrows('role_not_permitted'));

  it('from a clinician needs team membership', () =>
    spec.given(atIdea).when(milestone(outsider)).thenThrows('not_a_team_member', { actorId: outsider.id }));

  it('throws DomainError instances with a code and details', () => {
    expect(() => decide(milestone(), initialState())).toThrow(DomainError);
  });

  it('still records after approval (other markets, late patents)', () =>
    spec
      .given(atApproved)
      .when(milestone())
      .then([
        event('MilestoneLogged', { milestoneId: 'ms-9', title: 'Bench test', description: '', occurredOn: '2025-03-02', loggedBy: office.id }),
      ]));
});

describe('RecordInventionDisclosure', () => {
  const disclose = (data = disclosed.data, actor = office) => command('RecordInventionDisclosure', data, actor);

  it('records the disclosure', () => spec.given(atIdea).when(disclose()).then([disclosed]));
  it('refuses a duplicate id', () =>
    spec.given([...atIdea, disclosed]).when(disclose()).thenThrows('record_already_exists', { kind: 'invention_disclosure' }));
  it('needs a title', () => spec.given(atIdea).when(disclose({ ...disclosed.data, title: '' })).thenThrows('field_required'));
  it('is not for clinicians', () => spec.given(atIdea).when(disclose(disclosed.data, leadClinician)).thenThrows('role_not_permitted'));
});

describe('patents', () => {
  const file = (data = patentFiled.data) => command('FilePatent', data);
  const publish = (patentId = 'pat-cn-1') =>
    command('RecordPatentPublished', { patentId, publicationNumber: 'CN119000001A', publishedOn: '2025-08-01' });
  const grant = (patentId = 'pat-cn-1') =>
    command('RecordPatentGranted', { patentId, patentNumber: 'ZL202510012345.6', grantedOn: '2026-05-20' });
  const abandon = (reason = 'Prior art found in examination') =>
    command('AbandonPatent', { patentId: 'pat-cn-1', abandonedOn: '2026-01-10', reason });
  const abandoned = event('PatentAbandoned', {
    patentId: 'pat-cn-1',
    abandonedOn: '2026-01-10',
    reason: 'Prior art found in examination',
  });
  const filed = [...atPatent, patentFiled];

  it('files a patent application at any stage', () => spec.given(atIdea).when(file()).then([patentFiled]));
  it('refuses a duplicate patent id', () => spec.given(filed).when(file()).thenThrows('record_already_exists'));
  it('needs the application number', () =>
    spec.given(atPatent).when(file({ ...patentFiled.data, applicationNumber: '' })).thenThrows('field_required', { field: 'applicationNumber' }));
  it('is not for clinicians', () =>
    spec.given(atPatent).when(command('FilePatent', patentFiled.data, leadClinician)).thenThrows('role_not_permitted'));

  it('publishes a filed patent', () => spec.given(filed).when(publish()).then([patentPublished]));
  it('cannot publish an unknown patent', () => spec.given(filed).when(publish('pat-x')).thenThrows('patent_not_found'));
  it('cannot publish twice', () => spec.given([...filed, patentPublished]).when(publish()).thenThrows('invalid_patent_transition'));

  it('grants a published patent', () => spec.given([...filed, patentPublished]).when(grant()).then([patentGranted]));
  it('grants straight from filing (utility models are not published first)', () =>
    spec.given(filed).when(grant()).then([patentGranted]));
  it('cannot grant an abandoned patent', () => spec.given([...filed, abandoned]).when(grant()).thenThrows('invalid_patent_transition'));
  it('cannot grant an unknown patent', () => spec.given(filed).when(grant('pat-x')).thenThrows('patent_not_found'));

  it('abandons a patent with a reason', () => spec.given(filed).when(abandon()).then([abandoned]));
  it('needs a reason to abandon', () => spec.given(filed).when(abandon(' ')).thenThrows('reason_required'));
  it('cannot abandon twice', () => spec.given([...filed, abandoned]).when(abandon()).thenThrows('invalid_patent_transition'));
  it('cannot move a retracted patent', () =>
    spec
      .given([...filed, event('RecordRetracted', { target: { kind: 'patent', id: 'pat-cn-1' }, reason: 'Filed under the wrong project' })])
      .when(publish())
      .thenThrows('record_retracted'));
});

describe('prototype evidence', () => {
  const build = (data = prototypeBuilt.data, actor = office) => command('RecordPrototypeBuilt', data, actor);
  const test = (data = biocompatibilityPassed.data) => command('RecordVerificationTest', data);

  it('records a prototype version', () => spec.given(atPrototype).when(build()).then([prototypeBuilt]));
  it('lets a team clinician record a prototype iteration', () =>
    spec.given([...atPrototype, teamClinicianAdded]).when(build(prototypeBuilt.data, teamClinician)).then([prototypeBuilt]));
  it('refuses a clinician off the team', () =>
    spec.given(atPrototype).when(build(prototypeBuilt.data, outsider)).thenThrows('not_a_team_member'));
  it('refuses a duplicate id', () => spec.given([...atPrototype, prototypeBuilt]).when(build()).thenThrows('record_already_exists'));
  it('refuses a version already recorded', () =>
    spec
      .given([...atPrototype, prototypeBuilt])
      .when(build({ ...prototypeBuilt.data, prototypeId: 'pro-again' }))
      .thenThrows('prototype_version_exists', { version: 'v1.0' }));
  it('needs a version', () => spec.given(atPrototype).when(build({ ...prototypeBuilt.data, version: '' })).thenThrows('field_required'));

  it('records a verification test on a prototype', () =>
    spec.given([...atPrototype, prototypeBuilt]).when(test()).then([biocompatibilityPassed]));
  it('records a failed test too', () =>
    spec
      .given([...atPrototype, prototypeBuilt])
      .when(test({ ...biocompatibilityPassed.data, result: 'failed' }))
      .then([event('VerificationTestRecorded', { ...biocompatibilityPassed.data, result: 'failed' })]));
  it('needs the prototype tested', () => spec.given(atPrototype).when(test()).thenThrows('prototype_not_found'));
  it('refuses a test on a retracted prototype', () =>
    spec
      .given([...atPrototype, prototypeBuilt, event('RecordRetracted', { target: { kind: 'prototype', id: 'pro-v1' }, reason: 'Entered twice' })])
      .when(test())
      .thenThrows('record_retracted'));
  it('needs the lab', () =>
    spec.given([...atPrototype, prototypeBuilt]).when(test({ ...biocompatibilityPassed.data, lab: '' })).thenThrows('field_required'));
  it('refuses a duplicate test id', () =>
    spec.given([...atPrototype, prototypeBuilt, biocompatibilityPassed]).when(test()).thenThrows('record_already_exists'));

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

describe('team', () => {
  const add = (actor = office) =>
    command('AddTeamMember', { member: { id: teamClinician.id, name: teamClinician.name }, teamRole: 'clinician' }, actor);
  const remove = (memberId: string) => command('RemoveTeamMember', { memberId, reason: 'Moved to another hospital' });

  it('adds a member', () => spec.given(atIdea).when(add()).then([teamClinicianAdded]));
  it('refuses a member already on the team', () => spec.given([...atIdea, teamClinicianAdded]).when(add()).thenThrows('already_a_team_member'));
  it('counts the lead clinician as a member from the proposal', () =>
    spec
      .given(atIdea)
      .when(command('AddTeamMember', { member: { id: leadClinician.id, name: leadClinician.name }, teamRole: 'clinician' }))
      .thenThrows('already_a_team_member'));
  it('names only one lead clinician', () =>
    spec
      .given(atIdea)
      .when(command('AddTeamMember', { member: { id: 'dr-x', name: 'Dr. X' }, teamRole: 'lead_clinician' }))
      .thenThrows('invalid_team_role'));
  it('is for the office, not the lead clinician', () => spec.given(atIdea).when(add(leadClinician)).thenThrows('role_not_permitted'));

  it('removes a member', () =>
    spec
      .given([...atIdea, teamClinicianAdded])
      .when(remove(teamClinician.id))
      .then([event('TeamMemberRemoved', { memberId: teamClinician.id, reason: 'Moved to another hospital' })]));
  it('re-adds a removed member', () =>
    spec
      .given([...atIdea, teamClinicianAdded, event('TeamMemberRemoved', { memberId: teamClinician.id, reason: null })])
      .when(add())
      .then([teamClinicianAdded]));
  it('cannot remove a non-member', () => spec.given(atIdea).when(remove('dr-x')).thenThrows('team_member_not_found'));
  it('cannot remove the lead clinician', () =>
    spec.given(atIdea).when(remove(leadClinician.id)).thenThrows('cannot_remove_lead_clinician'));
  it('a removed clinician can no longer log milestones', () =>
    spec
      .given([...atIdea, teamClinicianAdded, event('TeamMemberRemoved', { memberId: teamClinician.id, reason: null })])
      .when(command('LogMilestone', { milestoneId: 'ms-2', title: 'x', description: '', occurredOn: '2025-05-01' }, teamClinician))
      .thenThrows('not_a_team_member'));
});

describe('partners', () => {
  const partner = { partnerId: 'ptn-robot', name: 'Microport Robotics', kind: 'enterprise' as const, role: 'manufacturer' as const };
  const added = event('PartnerAdded', { partner });

  it('adds a partner', () => spec.given(atIdea).when(command('AddPartner', { partner })).then([added]));
  it('adds an institute as co-developer', () => {
    const institute = { partnerId: 'ptn-sinap', name: 'Shanghai Institute of Applied Physics', kind: 'institute' as const, role: 'co_developer' as const };
    spec.given(atIdea).when(command('AddPartner', { partner: institute })).then([event('PartnerAdded', { partner: institute })]);
  });
  it('refuses a partner id already used, even one from the proposal', () =>
    spec
      .given(atIdea)
      .when(command('AddPartner', { partner: { ...partner, partnerId: 'ptn-sinochip' } }))
      .thenThrows('record_already_exists'));
  it('needs a name', () => spec.given(atIdea).when(command('AddPartner', { partner: { ...partner, name: '' } })).thenThrows('field_required'));
  it('removes a partner', () =>
    spec
      .given(atIdea)
      .when(command('RemovePartner', { partnerId: 'ptn-sinochip', reason: 'Licence ended' }))
      .then([event('PartnerRemoved', { partnerId: 'ptn-sinochip', reason: 'Licence ended' })]));
  it('cannot remove an unknown partner', () =>
    spec.given(atIdea).when(command('RemovePartner', { partnerId: 'ptn-x', reason: null })).thenThrows('partner_not_found'));
  it('cannot remove a partner twice', () =>
    spec
      .given([...atIdea, event('PartnerRemoved', { partnerId: 'ptn-sinochip', reason: null })])
      .when(command('RemovePartner', { partnerId: 'ptn-sinochip', reason: null }))
      .thenThrows('partner_not_found'));
  it('is for the office', () =>
    spec.given(atIdea).when(command('AddPartner', { partner }, leadClinician)).thenThrows('role_not_permitted'));
});

describe('LogMilestone', () => {
  const log = (actor = teamClinician, milestoneId = 'ms-1') =>
    command('LogMilestone', { milestoneId, title: milestoneByTan.data.title, description: milestoneByTan.data.description, occurredOn: '2025-04-15' }, actor);

  it('is logged by a team clinician, who is recorded as its author', () =>
    spec.given([...atIdea, teamClinicianAdded]).when(log()).then([milestoneByTan]));
  it('is logged by the lead clinician', () =>
    spec
      .given(atIdea)
      .when(log(leadClinician))
      .then([event('MilestoneLogged', { ...milestoneByTan.data, loggedBy: leadClinician.id })]));
  it('may be logged by the innovation office', () =>
    spec.given(atIdea).when(log(office)).then([event('MilestoneLogged', { ...milestoneByTan.data, loggedBy: office.id })]));
  it('is refused to a clinician off the team', () => spec.given(atIdea).when(log(outsider)).thenThrows('not_a_team_member'));
  it('refuses a duplicate id', () =>
    spec.given([...atIdea, teamClinicianAdded, milestoneByTan]).when(log()).thenThrows('record_already_exists'));
  it('needs the date it happened', () =>
    spec
      .given(atIdea)
      .when(command('LogMilestone', { milestoneId: 'ms-3', title: 'x', description: '', occurredOn: '' }))
      .thenThrows('field_required', { field: 'occurredOn' }));
});

