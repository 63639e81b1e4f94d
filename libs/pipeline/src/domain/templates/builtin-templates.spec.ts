// Every built-in template is valid, cites its sources, and each of its gates refuses a "go" until every piece of its
// evidence is on the record (naming what lacks) and accepts it then; plus the rules particular to each pathway.
import {
  BUILT_IN_TEMPLATES,
  CELL_GENE_THERAPY,
  FDA_510K,
  FDA_PMA,
  FIXED_MODEL,
  HSA_CLASS_D,
  NMPA_INNOVATIVE_SPECIAL_REVIEW,
} from './builtin';
import { conditionHolds, evaluateRequirements } from './template.evidence';
import { builderWhere, DAY, RecordsBuilder } from './template.fixtures';
import { checkGate, finalStage, firstStage, nextStageOf } from './template.gates';
import type { PathwayTemplate, TemplateGate } from './template.model';
import { validateTemplate } from './template.validation';

const gateName = (g: TemplateGate) => `${g.from} → ${g.to}`;
const cases = BUILT_IN_TEMPLATES.flatMap((t) => t.gates.map((g) => [t.templateId, gateName(g), t, g] as const));

describe('built-in templates', () => {
  it('have distinct ids, the fixed model first', () => {
    const ids = BUILT_IN_TEMPLATES.map((t) => t.templateId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe(FIXED_MODEL.templateId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'nmpa_class_ii_registration',
        'nmpa_class_iii_registration',
        'nmpa_innovative_special_review',
        'fda_510k',
        'fda_de_novo',
        'fda_pma',
        'eu_mdr_class_iii',
        'hsa_class_d',
        'cell_gene_therapy',
      ]),
    );
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.templateId, t] as const))(
    '%s is valid and cites its regulator’s process',
    (_id, template) => {
      expect(validateTemplate(template)).toEqual([]);
      expect(template.sources.length).toBeGreaterThan(0);
      for (const source of template.sources) {
        expect(source.url).toMatch(/^https?:\/\/\S+$/);
        expect(source.document.length).toBeGreaterThan(10);
      }
      // The template is plain data: it survives being recorded in an event.
      expect(JSON.parse(JSON.stringify(template))).toEqual(template);
    },
  );

  describe.each(cases)('%s: gate %s', (_id, _gate, template, gate) => {
    const applying = (b: RecordsBuilder) => gate.evidence.filter((r) => !r.when || conditionHolds(b.records, r.when));

    it('refuses a go with nothing on the record, naming every requirement', () => {
      const builder = builderWhere(gate.when);
      const check = checkGate(template, builder.records, gate.from, gate.to, DAY);
      expect(check.ok).toBe(false);
      if (check.ok) return;
      expect(check.refusal.code).toBe('evidence_missing');
      if (check.refusal.code !== 'evidence_missing') return;
      expect(check.refusal.missing.map((m) => m.code)).toEqual(
        evaluateRequirements(builder.records, applying(builder), DAY).map((e) => e.code),
      );
      for (const m of check.refusal.missing) expect(m.message).toMatch(/\w/);
    });

    it('accepts it once every requirement is met, and refuses it while any one lacks', () => {
      const all = builderWhere(gate.when);
      const requirements = applying(all);
      requirements.forEach((r) => all.satisfy(r));
      const accepted = checkGate(template, all.records, gate.from, gate.to, DAY);
      expect(accepted).toMatchObject({ ok: true, gate });
      if (accepted.ok) expect(accepted.evidence.every((e) => e.recordIds.length > 0)).toBe(true);

      requirements.forEach((left, i) => {
        const partial = builderWhere(gate.when);
        requirements.forEach((r, j) => j !== i && partial.satisfy(r));
        const check = checkGate(template, partial.records, gate.from, gate.to, DAY);
        // The records added for the others may meet it too (a trial completed is also a registered trial).
        const [alone] = evaluateRequirements(partial.records, [left], DAY);
        if (alone.recordIds.length > 0) expect(check.ok).toBe(true);
        else
          expect(check).toMatchObject({
            ok: false,
            refusal: { code: 'evidence_missing', missing: [expect.objectContaining({ code: alone.code })] },
          });
      });
    });

    if (gate.when) {
      it('is closed to a project the condition excludes', () => {
        const excluded = new RecordsBuilder(gate.when!.kind === 'risk_class' ? 'III' : 'II');
        gate.evidence.forEach((r) => excluded.satisfy(r));
        const check = checkGate(template, excluded.records, gate.from, gate.to, DAY);
        expect(check).toMatchObject({ ok: false, refusal: { code: 'condition_not_met' } });
      });
    }
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.templateId, t] as const))(
    '%s can be walked from its first stage to approval',
    (_id, template) => {
      const builder = new RecordsBuilder('III', [
        { authority: 'NMPA', pathway: 'registration', breakthrough: false },
        { authority: 'FDA', pathway: 'pma', breakthrough: false },
        { authority: 'HSA', pathway: 'full', breakthrough: false },
        { authority: 'EU_MDR', pathway: 'notified_body', breakthrough: false },
      ]);
      let stage = firstStage(template);
      const walked = [stage];
      while (stage !== finalStage(template)) {
        const to = nextStageOf(template, stage)!;
        const gate = template.gates.find((g) => g.from === stage && g.to === to)!;
        gate.evidence
          .filter((r) => !r.when || conditionHolds(builder.records, r.when))
          .forEach((r) => builder.satisfy(r));
        expect(checkGate(template, builder.records, stage, null, DAY)).toMatchObject({ ok: true });
        stage = to;
        walked.push(stage);
      }
      expect(walked).toEqual(template.stages.map((s) => s.id));
    },
  );
});

describe('pathway rules', () => {
  const greenChannel = (template: PathwayTemplate = NMPA_INNOVATIVE_SPECIAL_REVIEW) =>
    template.gates.find((g) => g.to === 'innovative_designation')!;
  function designationReady(patent: Parameters<RecordsBuilder['patent']>[0], searchReport = false) {
    const b = new RecordsBuilder('III', [
      { authority: 'NMPA', pathway: 'innovative_special_review', breakthrough: false },
    ])
      .prototype()
      .review()
      .patent(patent)
      .submission('NMPA', 'innovative_special_review')
      .designation('nmpa_innovative_device');
    return searchReport ? b.document('patent_search_report') : b;
  }
  const designate = (b: RecordsBuilder) =>
    checkGate(NMPA_INNOVATIVE_SPECIAL_REVIEW, b.records, 'prototype', 'innovative_designation', DAY);

  it('green channel: a granted CN invention patent filed within 5 years qualifies', () => {
    expect(greenChannel()).toBeDefined();
    expect(designate(designationReady({ status: 'granted', filedOn: '2021-06-02' }))).toMatchObject({ ok: true });
  });

  it('green channel: a patent filed more than 5 years before the application does not', () => {
    expect(designate(designationReady({ status: 'granted', filedOn: '2021-05-31' }))).toMatchObject({
      ok: false,
      refusal: { code: 'evidence_missing', missing: [{ code: 'cn_core_invention_patent' }] },
    });
  });

  it('green channel: a published application needs CNIPA’s search report', () => {
    expect(designate(designationReady({ status: 'published' }))).toMatchObject({ ok: false });
    expect(designate(designationReady({ status: 'published' }, true))).toMatchObject({ ok: true });
  });

  it('green channel: a utility model, a US patent or a merely filed application does not qualify', () => {
    expect(designate(designationReady({ status: 'granted', kind: 'utility_model' }))).toMatchObject({ ok: false });
    expect(designate(designationReady({ status: 'granted', jurisdiction: 'US' }))).toMatchObject({ ok: false });
    expect(designate(designationReady({ status: 'filed' }, true))).toMatchObject({ ok: false });
  });

  const pmaToReview = (b: RecordsBuilder) => checkGate(FDA_PMA, b.records, 'ide_study', 'pma_review', DAY);
  it('PMA: the Breakthrough designation is asked for only when the FDA target is a Breakthrough device', () => {
    const plain = new RecordsBuilder('III', [{ authority: 'FDA', pathway: 'pma', breakthrough: false }])
      .trial({ completed: true })
      .submission('FDA', 'pma');
    expect(pmaToReview(plain)).toMatchObject({ ok: true });
    const breakthrough = new RecordsBuilder('III', [{ authority: 'FDA', pathway: 'pma', breakthrough: true }])
      .trial({ completed: true })
      .submission('FDA', 'pma');
    expect(pmaToReview(breakthrough)).toMatchObject({
      ok: false,
      refusal: { missing: [{ code: 'designation_granted' }] },
    });
    expect(pmaToReview(breakthrough.designation('fda_breakthrough_device'))).toMatchObject({ ok: true });
  });

  it('PMA: the study needs an IDE, or an IRB’s non-significant-risk determination', () => {
    const gate = (b: RecordsBuilder) => checkGate(FDA_PMA, b.records, 'design_verification', 'ide_study', DAY);
    const base = () => new RecordsBuilder('III').test().review().ethics().trial();
    expect(gate(base())).toMatchObject({ ok: false, refusal: { missing: [{ code: 'fda_study_authorised' }] } });
    expect(gate(base().trialAuthorisation('IDE'))).toMatchObject({ ok: true });
    expect(gate(base().document('nsr_determination'))).toMatchObject({ ok: true });
    expect(gate(base().trialAuthorisation('CTA'))).toMatchObject({ ok: false });
  });

  it('510(k): a submission under another pathway does not count', () => {
    const b = new RecordsBuilder('II').test().review().equivalence().submission('FDA', 'de_novo');
    expect(checkGate(FDA_510K, b.records, 'design_verification', 'premarket_review', DAY)).toMatchObject({
      ok: false,
      refusal: { missing: [{ code: 'submission_filed' }] },
    });
  });

  describe('HSA class D routes', () => {
    const skip = (b: RecordsBuilder) => checkGate(HSA_CLASS_D, b.records, 'design_verification', 'hsa_evaluation', DAY);
    const hsa = (pathway: 'full' | 'abridged' | 'expedited') =>
      new RecordsBuilder('III', [{ authority: 'HSA', pathway, breakthrough: false }])
        .test()
        .review()
        .submission('HSA', pathway);

    it('full: no shortcut past the clinical evidence', () => {
      expect(skip(hsa('full').approval('FDA').approval('EU_MDR'))).toMatchObject({
        ok: false,
        refusal: { code: 'condition_not_met' },
      });
    });

    it('abridged: one reference agency approval', () => {
      expect(skip(hsa('abridged'))).toMatchObject({ ok: false, refusal: { missing: [{ code: 'approval_granted' }] } });
      expect(skip(hsa('abridged').approval('FDA'))).toMatchObject({ ok: true });
      // NMPA is not one of HSA's reference agencies.
      expect(skip(hsa('abridged').approval('NMPA'))).toMatchObject({ ok: false });
    });

    it('expedited: two reference agencies, not two approvals by one', () => {
      expect(skip(hsa('expedited').approval('FDA'))).toMatchObject({ ok: false });
      expect(skip(hsa('expedited').approval('FDA').approval('FDA', '510k'))).toMatchObject({ ok: false });
      expect(skip(hsa('expedited').approval('FDA').approval('EU_MDR'))).toMatchObject({ ok: true });
    });
  });

  it('cell and gene therapy: each phase needs the previous phase completed, not any trial', () => {
    const gate = (b: RecordsBuilder) => checkGate(CELL_GENE_THERAPY, b.records, 'phase_2', 'phase_3', DAY);
    expect(gate(new RecordsBuilder().trial({ phase: 'I', completed: true }).trial({ phase: 'III' }))).toMatchObject({
      ok: false,
    });
    expect(
      gate(new RecordsBuilder().trial({ phase: 'II', completed: true, endpointMet: false }).trial({ phase: 'III' })),
    ).toMatchObject({ ok: false });
    expect(gate(new RecordsBuilder().trial({ phase: 'II', completed: true }).trial({ phase: 'III' }))).toMatchObject({
      ok: true,
    });
  });

  it('cell and gene therapy: first in human on an IND, a CTA or NMPA’s approval', () => {
    const gate = (b: RecordsBuilder) => checkGate(CELL_GENE_THERAPY, b.records, 'preclinical', 'phase_1', DAY);
    const base = () =>
      new RecordsBuilder().document('cmc_dossier').document('test_report').ethics().trial({ phase: 'I' });
    expect(gate(base())).toMatchObject({ ok: false, refusal: { missing: [{ code: 'clinical_trial_authorised' }] } });
    for (const form of ['IND', 'CTA', 'NMPA_trial_approval'] as const)
      expect(gate(base().trialAuthorisation(form))).toMatchObject({ ok: true });
    expect(gate(base().trialAuthorisation('IDE'))).toMatchObject({ ok: false });
  });

  it('a retracted record, or one before the last recycle, no longer counts', () => {
    const b = new RecordsBuilder().disclosure();
    expect(checkGate(FIXED_MODEL, b.records, 'idea', 'patent', DAY)).toMatchObject({ ok: true });
    b.records.evidenceFloor = 5;
    expect(checkGate(FIXED_MODEL, b.records, 'idea', 'patent', DAY)).toMatchObject({ ok: false });
    const c = new RecordsBuilder().disclosure().retract('disclosures', 'disc-1');
    expect(checkGate(FIXED_MODEL, c.records, 'idea', 'patent', DAY)).toMatchObject({ ok: false });
  });
});
