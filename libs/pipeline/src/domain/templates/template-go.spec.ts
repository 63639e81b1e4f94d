// A "go" on a template-bound project: the bound version's gates, conditions, evidence and approval rule decide.
import { FDA_510K, FDA_PMA, HSA_CLASS_D } from './builtin';
import { decideTemplateGo } from './template-go';
import { DAY, RecordsBuilder } from './template.fixtures';

const office = { id: 'u-li', role: 'innovation_office' as const };
const withTeam = (b: RecordsBuilder, team: string[] = ['dr-chen']) => ({
  ...b.records,
  team: Object.fromEntries(team.map((id) => [id, { active: true }])),
});

describe('decideTemplateGo', () => {
  it('a one-signature gate: the go names the template stages and the pipeline phases', () => {
    const records = withTeam(new RecordsBuilder('II').prototype());
    expect(decideTemplateGo(FDA_510K, records, 'dr-chen', 'prototype', null, office, DAY)).toMatchObject({
      fromTemplateStage: 'prototype',
      toTemplateStage: 'design_verification',
      fromStage: 'prototype',
      toStage: 'prototype',
      evidence: [{ code: 'prototype_built', recordIds: ['proto-1'] }],
    });
  });

  it('refuses a gate the template does not have', () => {
    const records = withTeam(new RecordsBuilder('II').prototype());
    expect(() => decideTemplateGo(FDA_510K, records, 'dr-chen', 'prototype', 'approved', office, DAY)).toThrow(
      expect.objectContaining({ code: 'invalid_stage_transition' }),
    );
  });

  it('refuses a skip whose condition this project does not meet', () => {
    const full = new RecordsBuilder('III', [{ authority: 'HSA', pathway: 'full', breakthrough: false }]);
    expect(() =>
      decideTemplateGo(HSA_CLASS_D, withTeam(full), 'dr-chen', 'design_verification', 'hsa_evaluation', office, DAY),
    ).toThrow(expect.objectContaining({ code: 'gate_condition_not_met' }));
  });

  it('refuses with the missing evidence named', () => {
    expect(() =>
      decideTemplateGo(FDA_510K, withTeam(new RecordsBuilder('II')), 'dr-chen', 'prototype', null, office, DAY),
    ).toThrow(
      expect.objectContaining({
        code: 'gate_evidence_missing',
        details: expect.objectContaining({
          missing: [{ code: 'prototype_built', message: 'A prototype version must be built.' }],
        }),
      }),
    );
  });

  it('refuses a go whose rule needs more signatures than the one given', () => {
    const ready = new RecordsBuilder('III').test().review().ethics().trialAuthorisation('IDE').trial();
    expect(() =>
      decideTemplateGo(FDA_PMA, withTeam(ready), 'dr-chen', 'design_verification', null, office, DAY),
    ).toThrow(
      expect.objectContaining({
        code: 'approval_rule_not_met',
        details: expect.objectContaining({ missing: expect.arrayContaining(['1 more signature(s) from clinician.']) }),
      }),
    );
  });

  it('the lead clinician’s signature never meets a rule', () => {
    const records = withTeam(new RecordsBuilder('II').prototype());
    expect(() =>
      decideTemplateGo(
        FDA_510K,
        records,
        'dr-chen',
        'prototype',
        null,
        { id: 'DR-CHEN', role: 'innovation_office' },
        DAY,
      ),
    ).toThrow(expect.objectContaining({ code: 'approval_rule_not_met' }));
  });
});
