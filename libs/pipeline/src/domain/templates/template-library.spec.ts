// The template library: define and revise as events, a new version per change, admin only, refused with the
// problem named when a version cannot be completed.
import type { Actor } from '../shared/values';
import { FDA_PMA, FIXED_MODEL } from './builtin';
import {
  decideTemplate,
  latestVersion,
  TemplateCommand,
  TemplateEvent,
  templateStateOf,
  versionOf,
} from './template-library.decider';
import type { PathwayTemplate } from './template.model';

const NOW = '2026-12-04T08:00:00.000Z';
const admin: Actor = { id: 'u-root', name: 'Ops Admin', role: 'admin' };
const office: Actor = { id: 'u-li', name: 'Li Na', role: 'innovation_office' };

function given(templateId: string, events: TemplateEvent[] = []) {
  return {
    when: (command: TemplateCommand) => {
      const run = () => decideTemplate(command, templateStateOf(templateId, events));
      return {
        then: (expected: TemplateEvent[]) => expect(run()).toEqual(expected),
        thenThrows: (code: string, details?: Record<string, unknown>) => {
          expect(run).toThrow(
            expect.objectContaining({ code, ...(details ? { details: expect.objectContaining(details) } : {}) }),
          );
        },
      };
    },
  };
}

const hospital: PathwayTemplate = {
  ...FIXED_MODEL,
  templateId: 'sixth_hospital_pathway',
  name: 'Sixth hospital pathway',
  gates: FIXED_MODEL.gates.map((g) =>
    g.to === 'clinical_validation'
      ? { ...g, approval: { signatures: 2, roles: ['innovation_office', 'management'], independentReviewer: true } }
      : g,
  ),
};
const define = (template: PathwayTemplate = hospital, actor: Actor = admin): TemplateCommand => ({
  type: 'DefineTemplate',
  data: { template },
  metadata: { actor, now: NOW },
});
const revise = (
  template: PathwayTemplate,
  expectedVersion: number,
  reason = 'Add the ethics letter',
): TemplateCommand => ({
  type: 'ReviseTemplate',
  data: { templateId: template.templateId, expectedVersion, template, reason },
  metadata: { actor: admin, now: NOW },
});
const defined: TemplateEvent = {
  type: 'TemplateDefined',
  data: { templateId: hospital.templateId, version: 1, template: hospital, definedAt: NOW },
};
const withEthicsLetter: PathwayTemplate = {
  ...hospital,
  gates: hospital.gates.map((g) =>
    g.to === 'clinical_validation'
      ? { ...g, evidence: [...g.evidence, { kind: 'document', documentKind: 'approval_letter' }] }
      : g,
  ),
};

describe('template library', () => {
  it('an admin defines a new template: version 1, recorded as an event', () => {
    given(hospital.templateId).when(define()).then([defined]);
  });

  it('only an admin changes the library', () => {
    given(hospital.templateId).when(define(hospital, office)).thenThrows('role_not_permitted');
  });

  it('a template that cannot be completed is refused, the problem named', () => {
    const broken = { ...hospital, gates: hospital.gates.filter((g) => g.to !== 'patent') };
    given(hospital.templateId)
      .when(define(broken))
      .thenThrows('invalid_template', {
        problems: expect.arrayContaining([
          expect.objectContaining({ code: 'stage_unreachable', message: 'No gate reaches stage patent.' }),
        ]),
      });
  });

  it('a second definition of the same id, or of a built-in id, is refused', () => {
    given(hospital.templateId, [defined]).when(define()).thenThrows('template_already_exists');
    given(FDA_PMA.templateId).when(define(FDA_PMA)).thenThrows('template_already_exists');
  });

  it('a revision is the next version, with its reason', () => {
    given(hospital.templateId, [defined])
      .when(revise(withEthicsLetter, 1))
      .then([
        {
          type: 'TemplateRevised',
          data: {
            templateId: hospital.templateId,
            version: 2,
            template: withEthicsLetter,
            reason: 'Add the ethics letter',
            revisedAt: NOW,
          },
        },
      ]);
  });

  it('a built-in template is version 1 without an event, and can be revised to version 2', () => {
    const state = templateStateOf(FDA_PMA.templateId, []);
    expect(latestVersion(state)).toEqual({ templateId: 'fda_pma', version: 1, template: FDA_PMA });
    const stricter = { ...FDA_PMA, description: `${FDA_PMA.description} Office rule: two reviewers.` };
    given(FDA_PMA.templateId)
      .when(revise(stricter, 1, 'Office rule'))
      .then([
        {
          type: 'TemplateRevised',
          data: { templateId: 'fda_pma', version: 2, template: stricter, reason: 'Office rule', revisedAt: NOW },
        },
      ]);
  });

  it('a revision of a stale version, without a reason, without a change, or of an unknown template is refused', () => {
    const v2: TemplateEvent = {
      type: 'TemplateRevised',
      data: { templateId: hospital.templateId, version: 2, template: withEthicsLetter, reason: 'r', revisedAt: NOW },
    };
    given(hospital.templateId, [defined, v2])
      .when(revise(hospital, 1))
      .thenThrows('template_version_mismatch', { currentVersion: 2 });
    given(hospital.templateId, [defined])
      .when(revise(withEthicsLetter, 1, ' '))
      .thenThrows('reason_required');
    given(hospital.templateId, [defined]).when(revise(hospital, 1)).thenThrows('template_unchanged');
    given(hospital.templateId).when(revise(hospital, 1)).thenThrows('template_not_found');
  });

  it('keeps every version: the past keeps its meaning', () => {
    const v2: TemplateEvent = {
      type: 'TemplateRevised',
      data: { templateId: hospital.templateId, version: 2, template: withEthicsLetter, reason: 'r', revisedAt: NOW },
    };
    const state = templateStateOf(hospital.templateId, [defined, v2]);
    expect(versionOf(state, 1)?.template).toEqual(hospital);
    expect(versionOf(state, 2)?.template).toEqual(withEthicsLetter);
    expect(latestVersion(state)?.version).toBe(2);
    expect(versionOf(state, 3)).toBeNull();
  });
});
