// Moving a project to a newer version of its template: the office's signed decision, the same template only, and
// only while the version still holds the stage the project is at. The events before it keep their version.
import type { ProjectEvent } from '..';
import { evolve, initialState } from '..';
import {
  command,
  disclosed,
  event,
  glucoseProposal,
  killed,
  leadClinician,
  manager,
  signature,
  signed,
  spec,
} from '../testing/fixtures';
import { FDA_PMA, FDA_510K } from './builtin';
import type { TemplateVersion } from './template.model';

const V1: TemplateVersion = { templateId: 'fda_pma', version: 1, template: FDA_PMA };
const V2: TemplateVersion = {
  templateId: 'fda_pma',
  version: 2,
  template: { ...FDA_PMA, description: `${FDA_PMA.description} Office rule: two reviewers.` },
};
const proposedUnder = (template?: TemplateVersion) =>
  event('ProjectProposed', {
    ...glucoseProposal,
    ...(template ? { template } : {}),
    proposedAt: '2025-03-01T09:00:00.000Z',
  });
const atIdea: ProjectEvent[] = [proposedUnder(V1), disclosed];
const move = (template: TemplateVersion, actor = undefined as Parameters<typeof command>[2], reason = 'Office rule') =>
  command('MoveToTemplateVersion', { template, reason, signature }, actor);
const adopted = (revision: number, template: TemplateVersion = V2) =>
  event('TemplateVersionAdopted', {
    templateId: 'fda_pma',
    fromVersion: 1,
    toVersion: template.version,
    template,
    templateStage: 'idea',
    phase: 'idea',
    reason: 'Office rule',
    signature: signed(revision),
  });

describe('MoveToTemplateVersion', () => {
  it('adopts a newer version of the same template, signed, keeping the template stage', () =>
    spec
      .given(atIdea)
      .when(move(V2))
      .then([adopted(1)]));

  it('the state follows the new version from then on; a fold up to before it still holds the old one', () => {
    const before = atIdea.reduce(evolve, initialState());
    const after = [...atIdea, adopted(1)].reduce(evolve, initialState());
    expect(before.template).toEqual(V1);
    expect(after).toMatchObject({ template: V2, templateStage: 'idea', stage: 'idea' });
  });

  it('refuses a version not newer than the bound one', () => {
    spec.given(atIdea).when(move(V1)).thenThrows('template_version_not_newer', { boundVersion: 1, version: 1 });
    const v3 = { ...V2, version: 3 };
    spec
      .given([...atIdea, adopted(1)])
      .when(move(V2))
      .thenThrows('template_version_not_newer', { boundVersion: 2, version: 2 });
    spec
      .given([...atIdea, adopted(1)])
      .when(move(v3))
      .then([{ ...adopted(2, v3), data: { ...adopted(2, v3).data, fromVersion: 2 } }]);
  });

  it('refuses another template: a project changes version, never template', () =>
    spec
      .given(atIdea)
      .when(move({ templateId: 'fda_510k', version: 2, template: FDA_510K }))
      .thenThrows('template_mismatch', { boundTemplateId: 'fda_pma', templateId: 'fda_510k' }));

  it('refuses a version without the stage the project is at, naming it', () => {
    const renamed: TemplateVersion = {
      ...V2,
      template: {
        ...FDA_PMA,
        stages: FDA_PMA.stages.map((s) => (s.id === 'idea' ? { ...s, id: 'concept' } : s)),
        gates: FDA_PMA.gates.map((g) => (g.from === 'idea' ? { ...g, from: 'concept' } : g)),
      },
    };
    spec.given(atIdea).when(move(renamed)).thenThrows('template_stage_missing', { templateStage: 'idea' });
  });

  it('refuses a version that cannot be completed', () => {
    const broken: TemplateVersion = {
      ...V2,
      template: { ...FDA_PMA, gates: FDA_PMA.gates.filter((g) => g.to !== 'ide_study') },
    };
    spec.given(atIdea).when(move(broken)).thenThrows('invalid_template');
  });

  it('refuses a project on the fixed model', () =>
    spec.given([proposedUnder(), disclosed]).when(move(V2)).thenThrows('template_not_bound'));

  it('refuses a killed project', () =>
    spec
      .given([...atIdea, killed('idea', 1)])
      .when(move(V2))
      .thenThrows('project_terminated'));

  it('is the office’s: not a clinician’s or management’s', () => {
    spec.given(atIdea).when(move(V2, leadClinician)).thenThrows('role_not_permitted');
    spec.given(atIdea).when(move(V2, manager)).thenThrows('role_not_permitted');
  });

  it('needs a reason', () =>
    spec
      .given(atIdea)
      .when(move(V2, undefined, ' '))
      .thenThrows('reason_required'));
});
