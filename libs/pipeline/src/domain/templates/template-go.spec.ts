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

  it('a go whose rule needs more signatures than the one given: the rule not met, what it lacks named', () => {
    const ready = new RecordsBuilder('III').test().review().ethics().trialAuthorisation('IDE').trial();
    const go = decideTemplateGo(FDA_PMA, withTeam(ready), 'dr-chen', 'design_verification', null, office, DAY);
    expect(go.approval).toMatchObject({
      met: false,
      counted: [expect.objectContaining({ signatureId: 'this', signerId: 'u-li' })],
      missing: expect.arrayContaining(['1 more signature(s) from clinician.']),
    });
  });

  it('the signatures standing count: the one that completes the rule meets it; a second by the same person is refused', () => {
    const ready = withTeam(
      new RecordsBuilder('II').prototype().test().review().equivalence().submission('FDA', '510k'),
    );
    const standing = {
      collected: [
        { signatureId: '7', signerId: 'u-zhao', role: 'management' as const, signedRevision: 5, revoked: false },
      ],
      revision: 5,
    };
    const go = decideTemplateGo(FDA_510K, ready, 'dr-chen', 'design_verification', null, office, DAY, standing);
    expect(go.approval).toMatchObject({ met: true, missing: [] });
    expect(() =>
      decideTemplateGo(
        FDA_510K,
        ready,
        'dr-chen',
        'design_verification',
        null,
        { id: 'U-ZHAO', role: 'innovation_office' },
        DAY,
        standing,
      ),
    ).toThrow(expect.objectContaining({ code: 'already_signed' }));
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
    ).toThrow(expect.objectContaining({ code: 'signer_is_lead_clinician' }));
  });
});
