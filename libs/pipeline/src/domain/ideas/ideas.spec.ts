import {
  command,
  event,
  glucoseProposal,
  LATER,
  leadClinician,
  manager,
  NOW,
  office,
  proposed,
  spec,
  teamClinician,
} from '../testing/fixtures';
import { evolveAll, initialState } from '..';
import type { IdeaDisclosure, IdeaProposal } from '..';

// A doctor's idea: submitted by a clinician, screened by the innovation office (issue 14).
const idea: IdeaProposal = {
  title: '无创血糖检测仪',
  clinicalNeed: 'Patients prick their fingers up to six times a day.',
  summary: 'Optical glucose sensing through the fingertip, no lancet.',
  deviceType: 'glucose monitor',
  therapeuticArea: 'endocrinology',
  institution: 'Shanghai Sixth People’s Hospital',
  department: 'Endocrinology',
};
const disclosure: IdeaDisclosure = {
  disclosureId: 'disc-9',
  title: 'Fingertip NIR sensing',
  summary: 'Two wavelengths, calibrated per patient',
  inventors: ['Dr. Chen Wei'],
  disclosedOn: '2025-02-20',
};
const chen = { id: leadClinician.id, name: leadClinician.name };

const submit = (extra: Partial<IdeaProposal> = {}, by = leadClinician) =>
  command('SubmitIdea', { ...idea, ...extra, disclosure: null }, by);
const submitted = event('IdeaSubmitted', { ...idea, disclosure: null, submittedBy: chen, submittedAt: NOW });
const submittedWithDisclosure = event('IdeaSubmitted', { ...idea, disclosure, submittedBy: chen, submittedAt: NOW });
const declined = event('IdeaDeclined', { reason: 'Already in the pipeline', declinedAt: NOW });
const frame = { riskClass: glucoseProposal.riskClass, targets: glucoseProposal.targets, partners: [], reason: null };
const accept = (actor = office) => command('AcceptIdea', frame, actor);

describe('SubmitIdea', () => {
  it('records the idea with the clinician as its submitter, as a person', () =>
    spec.given([]).when(submit()).then([submitted]));

  it('keeps an attached invention disclosure', () =>
    spec
      .given([])
      .when(command('SubmitIdea', { ...idea, disclosure }, leadClinician))
      .then([submittedWithDisclosure]));

  it('is for clinicians: the office proposes projects directly', () =>
    spec
      .given([])
      .when(command('SubmitIdea', { ...idea, disclosure: null }, office))
      .thenThrows('role_not_permitted'));

  it('refuses an id that is already a project or an idea', () => {
    spec.given([proposed]).when(submit()).thenThrows('project_already_exists');
    spec.given([submitted]).when(submit()).thenThrows('project_already_exists');
  });

  it.each(['title', 'clinicalNeed', 'deviceType', 'institution'] as const)('requires %s', (field) =>
    spec
      .given([])
      .when(submit({ [field]: '  ' }))
      .thenThrows('field_required', { field }),
  );
});

describe('AcceptIdea', () => {
  it('turns the idea into a project at stage idea, the submitter as lead, carrying the disclosure', () =>
    spec
      .given([submittedWithDisclosure])
      .when(accept())
      .then([
        event('IdeaAccepted', { reason: null, acceptedAt: NOW }),
        event('ProjectProposed', {
          title: idea.title,
          summary: idea.summary,
          deviceType: idea.deviceType,
          riskClass: 'III',
          targets: glucoseProposal.targets,
          therapeuticArea: idea.therapeuticArea,
          institution: idea.institution,
          department: idea.department,
          leadClinician: chen,
          partners: [],
          proposedAt: NOW,
        }),
        event('InventionDisclosureRecorded', disclosure),
      ]));

  it('puts the submitter on the team as lead, so they log milestones on it', () => {
    const state = evolveAll(initialState(), [
      submitted,
      event('IdeaAccepted', { reason: 'Fits', acceptedAt: LATER }),
      { ...proposed, data: { ...proposed.data, leadClinician: chen } },
    ]);
    expect(state.team[chen.id]).toMatchObject({ teamRole: 'lead_clinician', active: true });
    expect(state.idea).toMatchObject({
      status: 'accepted',
      screenedAt: LATER,
      screeningReason: 'Fits',
      submissions: 1,
    });
  });

  it('is for the innovation office', () => {
    spec.given([submitted]).when(accept(leadClinician)).thenThrows('role_not_permitted');
    spec.given([submitted]).when(accept(manager)).thenThrows('role_not_permitted');
  });

  it('needs an idea', () => spec.given([]).when(accept()).thenThrows('idea_not_found'));

  it('refuses a declined idea until it is submitted again', () =>
    spec.given([submitted, declined]).when(accept()).thenThrows('idea_declined'));

  it('refuses an idea already accepted', () =>
    spec
      .given([submitted, event('IdeaAccepted', { reason: null, acceptedAt: NOW }), proposed])
      .when(accept())
      .thenThrows('idea_already_screened'));

  it('checks the regulatory frame as a proposal does', () =>
    spec
      .given([submitted])
      .when(
        command('AcceptIdea', {
          ...frame,
          riskClass: 'III',
          targets: [{ ...glucoseProposal.targets[0], authority: 'FDA', pathway: '510k' }],
        }),
      )
      .thenThrows('invalid_regulatory_target'));
});

describe('DeclineIdea', () => {
  it('records the reason the clinician reads', () =>
    spec
      .given([submitted])
      .when(command('DeclineIdea', { reason: 'Already in the pipeline' }))
      .then([declined]));

  it('requires a reason', () =>
    spec
      .given([submitted])
      .when(command('DeclineIdea', { reason: ' ' }))
      .thenThrows('reason_required'));

  it('is for the innovation office', () =>
    spec
      .given([submitted])
      .when(command('DeclineIdea', { reason: 'x' }, leadClinician))
      .thenThrows('role_not_permitted'));

  it('refuses an idea declined already, or accepted', () => {
    spec
      .given([submitted, declined])
      .when(command('DeclineIdea', { reason: 'again' }))
      .thenThrows('idea_declined');
    spec
      .given([submitted, event('IdeaAccepted', { reason: null, acceptedAt: NOW }), proposed])
      .when(command('DeclineIdea', { reason: 'too late' }))
      .thenThrows('idea_already_screened');
  });
});

describe('ResubmitIdea', () => {
  const resubmit = (by = leadClinician) =>
    command('ResubmitIdea', { ...idea, summary: 'Revised after the office’s advice', disclosure: null }, by);

  it('lets the submitter revise a declined idea, which is then screened again', () =>
    spec
      .given([submitted, declined])
      .when(resubmit())
      .then([
        event('IdeaResubmitted', {
          ...idea,
          summary: 'Revised after the office’s advice',
          disclosure: null,
          submittedBy: chen,
          submittedAt: NOW,
        }),
      ]));

  it('makes the idea acceptable again', () => {
    const resubmitted = event('IdeaResubmitted', { ...idea, disclosure: null, submittedBy: chen, submittedAt: LATER });
    const state = evolveAll(initialState(), [submitted, declined, resubmitted]);
    expect(state.idea).toMatchObject({
      status: 'submitted',
      submissions: 2,
      screenedAt: null,
      screeningReason: null,
      submittedAt: LATER,
    });
    spec
      .given([submitted, declined, resubmitted])
      .when(accept())
      .then([
        event('IdeaAccepted', { reason: null, acceptedAt: NOW }),
        expect.objectContaining({ type: 'ProjectProposed' }),
      ]);
  });

  it('is for the clinician who submitted it', () =>
    spec.given([submitted, declined]).when(resubmit(teamClinician)).thenThrows('not_idea_submitter'));

  it('only after a decline', () => spec.given([submitted]).when(resubmit()).thenThrows('idea_not_declined'));

  it('needs an idea', () => spec.given([]).when(resubmit()).thenThrows('idea_not_found'));
});

describe('a project proposed directly', () => {
  it('cannot reuse an idea’s id', () =>
    spec.given([submitted]).when(command('ProposeProject', glucoseProposal)).thenThrows('project_already_exists'));

  it('takes no other command while it is an idea', () =>
    spec
      .given([submitted])
      .when(
        command(
          'LogMilestone',
          { milestoneId: 'm', title: 't', description: 'd', occurredOn: '2025-02-01' },
          leadClinician,
        ),
      )
      .thenThrows('project_not_found'));
});
