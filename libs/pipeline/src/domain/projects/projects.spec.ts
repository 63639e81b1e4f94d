import {
  admin,
  atIdea,
  atPatent,
  command,
  event,
  glucoseProposal,
  killed,
  leadClinician,
  manager,
  NOW,
  office,
  PROJECT_ID,
  proposed,
  spec,
  spineProposal,
} from '../testing/fixtures';
import { decide, initialState, RegulatoryTarget } from '..';

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
    spec
      .given([...atPatent, killed('patent', 2)])
      .when(propose())
      .thenThrows('project_already_exists'));

  it('needs a title', () =>
    spec
      .given([])
      .when(propose({ ...glucoseProposal, title: ' ' }))
      .thenThrows('field_required', { field: 'title' }));

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
      .when(
        propose({ ...glucoseProposal, targets: [target({ authority: 'HSA', pathway: 'full', deviceClass: 'III' })] }),
      )
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
      .when(
        propose({
          ...glucoseProposal,
          targets: [target({ authority: 'NMPA', pathway: 'registration', breakthrough: true })],
        }),
      )
      .thenThrows('invalid_regulatory_target'));

  it('takes a biologics licence (FDA BLA) as a target, but not with Breakthrough Devices, a device programme', () => {
    const bla = (breakthrough: boolean) => propose({ ...glucoseProposal, targets: [target({ authority: 'FDA', pathway: 'bla', breakthrough })] });
    const [proposed] = decide(bla(false), initialState());
    expect(proposed).toMatchObject({ type: 'ProjectProposed', data: { targets: [{ authority: 'FDA', pathway: 'bla', breakthrough: false }] } });
    spec.given([]).when(bla(true)).thenThrows('invalid_regulatory_target');
  });

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
    spec.given([]).when(propose(glucoseProposal, actor)).thenThrows('role_not_permitted'),
  );
});
