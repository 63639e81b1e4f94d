// A template that cannot be completed is refused, and the message names the stage, gate or rule at fault.
import { FIXED_MODEL } from './builtin';
import type { PathwayTemplate, TemplateGate } from './template.model';
import { TemplateProblem, validateTemplate } from './template.validation';

const OFFICE = { signatures: 1, roles: ['innovation_office'], independentReviewer: false } as TemplateGate['approval'];

// A small valid template to break one way at a time.
function base(): PathwayTemplate {
  return {
    templateId: 'office_pathway',
    name: 'Office pathway',
    description: '',
    sources: [{ publisher: 'FDA', document: 'Premarket Approval (PMA)', url: 'https://www.fda.gov/pma' }],
    stages: [
      { id: 'idea', label: 'Idea', phase: 'idea' },
      { id: 'build', label: 'Build', phase: 'prototype' },
      { id: 'review', label: 'Review', phase: 'regulatory_review' },
      { id: 'approved', label: 'Approved', phase: 'approved' },
    ],
    gates: [
      { from: 'idea', to: 'build', evidence: [{ kind: 'disclosure' }], approval: OFFICE },
      { from: 'build', to: 'review', evidence: [{ kind: 'prototype' }], approval: OFFICE },
      { from: 'review', to: 'approved', evidence: [{ kind: 'approval_granted' }], approval: OFFICE },
    ],
    approvedWhen: 'first_approval',
  };
}

function refused(template: PathwayTemplate): TemplateProblem[] {
  const problems = validateTemplate(template);
  expect(problems.length).toBeGreaterThan(0);
  return problems;
}

describe('template validation', () => {
  it('accepts a complete template', () => {
    expect(validateTemplate(base())).toEqual([]);
  });

  it('refuses a stage no gate reaches, naming it', () => {
    const t = base();
    t.stages.splice(2, 0, { id: 'orphan', label: 'Orphan', phase: 'clinical_validation' });
    expect(refused(t)).toContainEqual({
      code: 'stage_unreachable',
      path: 'stages[2]',
      message: 'No gate reaches stage orphan.',
    });
  });

  it('refuses a stage with no way on to approval', () => {
    const t = base();
    t.stages.splice(2, 0, { id: 'dead_end', label: 'Dead end', phase: 'clinical_validation' });
    t.gates.push({ from: 'build', to: 'dead_end', evidence: [], approval: OFFICE });
    expect(refused(t)).toContainEqual(
      expect.objectContaining({
        code: 'stage_without_way_out',
        message: 'From stage dead_end no gate leads on to approved.',
      }),
    );
  });

  it('refuses evidence of an unknown kind, naming the kind and the gate', () => {
    const t = base();
    t.gates[1].evidence.push({ kind: 'horoscope' } as never);
    expect(refused(t)).toContainEqual(
      expect.objectContaining({
        code: 'unknown_evidence_kind',
        path: 'gates[build->review].evidence[1]',
        message: expect.stringContaining('"horoscope"'),
      }),
    );
  });

  it('refuses unknown parameters of known kinds (document kind, trial form, programme, authority pathway)', () => {
    const t = base();
    t.gates[1].evidence.push(
      { kind: 'document', documentKind: 'napkin' } as never,
      { kind: 'regulator_trial_approval', form: 'permit' } as never,
      { kind: 'designation_granted', programme: 'fast_lane' } as never,
      { kind: 'submission_filed', authority: 'FDA', pathway: 'notified_body' },
      { kind: 'patent_granted', jurisdiction: 'China' },
    );
    const codes = refused(t).filter((p) => p.code === 'invalid_evidence');
    expect(codes).toHaveLength(5);
    expect(codes[3].message).toBe(
      'submission_filed: FDA has no notified_body pathway (name the authority with the pathway).',
    );
  });

  it('refuses an approval rule no role can satisfy', () => {
    const only = (approval: TemplateGate['approval']) => {
      const t = base();
      t.gates[0].approval = approval;
      return refused(t)
        .filter((p) => p.code === 'unsatisfiable_approval_rule')
        .map((p) => p.message);
    };
    expect(only({ signatures: 1, roles: [], independentReviewer: false })).toEqual([
      'The approval rule of gate idea->build names no role that may sign.',
    ]);
    expect(only({ signatures: 1, roles: ['admin'], independentReviewer: false })).toEqual([
      'The approval rule of gate idea->build names admin, a role that never signs gate decisions.',
    ]);
    expect(only({ signatures: 2, roles: ['clinician'], independentReviewer: true })).toEqual([
      'The approval rule of gate idea->build asks for an independent reviewer, but no signature it counts can come from outside the team.',
    ]);
    expect(
      only({
        signatures: 2,
        roles: ['innovation_office', 'clinician'],
        minimumPerRole: { clinician: 2 },
        independentReviewer: true,
      }),
    ).toHaveLength(1);
    expect(
      only({
        signatures: 1,
        roles: ['innovation_office'],
        minimumPerRole: { management: 1 },
        independentReviewer: false,
      }),
    ).toEqual(['The approval rule of gate idea->build asks for signatures from management, a role it does not count.']);
    expect(
      only({
        signatures: 1,
        roles: ['innovation_office', 'management'],
        minimumPerRole: { innovation_office: 1, management: 1 },
        independentReviewer: false,
      }),
    ).toEqual(['The approval rule of gate idea->build asks for 2 signatures by role but only 1 in all.']);
    expect(only({ signatures: 0, roles: ['innovation_office'], independentReviewer: false })).toHaveLength(1);
  });

  it('refuses a duplicate stage', () => {
    const t = base();
    t.stages.splice(2, 0, { id: 'build', label: 'Build again', phase: 'prototype' });
    expect(refused(t)).toContainEqual({
      code: 'duplicate_stage',
      path: 'stages[2]',
      message: 'Stage build appears twice.',
    });
  });

  it('refuses a gate to a stage the template lacks, a gate backwards, and a gate twice', () => {
    const t = base();
    t.gates.push({ from: 'build', to: 'launch', evidence: [], approval: OFFICE });
    expect(refused(t)).toContainEqual(expect.objectContaining({ code: 'unknown_stage', path: 'gates[build->launch]' }));
    const back = base();
    back.gates.push({ from: 'review', to: 'build', evidence: [], approval: OFFICE });
    expect(refused(back)).toContainEqual(expect.objectContaining({ code: 'gate_goes_backwards' }));
    const twice = base();
    twice.gates.push({ ...twice.gates[0] });
    expect(refused(twice)).toContainEqual(
      expect.objectContaining({ code: 'duplicate_gate', path: 'gates[idea->build]' }),
    );
  });

  it('refuses a skip without its condition, and accepts it with one', () => {
    const t = base();
    t.gates.push({ from: 'idea', to: 'review', evidence: [{ kind: 'equivalence_evaluation' }], approval: OFFICE });
    expect(refused(t)).toContainEqual(
      expect.objectContaining({ code: 'skip_without_condition', path: 'gates[idea->review]' }),
    );
    t.gates[3].when = { kind: 'risk_class', in: ['I', 'II'] };
    expect(validateTemplate(t)).toEqual([]);
    t.gates[3].when = { kind: 'risk_class', in: ['IV' as never] };
    expect(refused(t)).toContainEqual(expect.objectContaining({ code: 'invalid_condition' }));
  });

  it('refuses a template only conditional gates can complete', () => {
    const t = base();
    t.gates[1].when = { kind: 'target', authority: 'FDA' };
    expect(refused(t)).toContainEqual(expect.objectContaining({ code: 'no_unconditional_path' }));
  });

  it('refuses a last gate that asks for no approval, or not every target’s when the template says so', () => {
    const t = base();
    t.gates[2].evidence = [{ kind: 'submission_filed' }];
    expect(refused(t)).toContainEqual(
      expect.objectContaining({ code: 'final_gate_without_approval', path: 'gates[review->approved]' }),
    );
    const every = base();
    every.approvedWhen = 'every_target';
    expect(refused(every)).toContainEqual(expect.objectContaining({ code: 'final_gate_without_approval' }));
    every.gates[2].evidence = [{ kind: 'approval_granted', of: 'every_target' }];
    expect(validateTemplate(every)).toEqual([]);
  });

  it('refuses stages out of pipeline order, a last stage that is not approved, and too few stages', () => {
    const t = base();
    t.stages[1].phase = 'regulatory_review';
    t.stages[2].phase = 'prototype';
    expect(refused(t)).toContainEqual(
      expect.objectContaining({ code: 'invalid_stage_phase', path: 'stages[2].phase' }),
    );
    const last = base();
    last.stages[3].phase = 'regulatory_review';
    expect(refused(last)).toContainEqual(
      expect.objectContaining({ code: 'invalid_stage_phase', path: 'stages[3].phase' }),
    );
    const first = base();
    first.stages[0].phase = 'patent';
    expect(refused(first)).toContainEqual(
      expect.objectContaining({ code: 'invalid_stage_phase', path: 'stages[0].phase' }),
    );
    const one = base();
    one.stages = [one.stages[3]];
    one.gates = [];
    expect(refused(one)).toContainEqual(expect.objectContaining({ code: 'too_few_stages' }));
  });

  it('refuses a bad id, a source without a URL and an unknown approvedWhen', () => {
    const t = { ...base(), templateId: 'Office Pathway', approvedWhen: 'whenever' as never };
    t.sources = [{ publisher: 'FDA', document: 'PMA', url: 'fda.gov' }];
    expect(refused(t).map((p) => p.code)).toEqual(
      expect.arrayContaining(['invalid_template_id', 'invalid_source', 'invalid_approved_when']),
    );
  });

  it('refuses an any-of with fewer than two options or an empty option', () => {
    const t = base();
    t.gates[0].evidence = [
      { kind: 'any_of', code: 'either', message: 'Either.', options: [[{ kind: 'disclosure' }], []] },
    ];
    expect(refused(t)).toContainEqual(
      expect.objectContaining({ code: 'invalid_evidence', path: 'gates[idea->build].evidence[0].options[1]' }),
    );
  });

  it('keeps the fixed model valid', () => {
    expect(validateTemplate(FIXED_MODEL)).toEqual([]);
  });
});

describe('template validation of malformed input', () => {
  const garbage: unknown[] = [
    null,
    [],
    {},
    { ...base(), stages: null, gates: 'none' },
    { ...base(), sources: 'https://www.fda.gov' },
    { ...base(), gates: [null, 42, { from: 'idea' }] },
    {
      ...base(),
      gates: [
        {
          ...base().gates[0],
          evidence: [null, 7, { kind: 'any_of', options: 'x' }, { kind: 'any_of', options: [null, [null]] }],
        },
      ],
    },
    { ...base(), gates: [{ ...base().gates[0], approval: null, when: null }] },
    {
      ...base(),
      gates: [{ ...base().gates[0], approval: { signatures: 1, roles: 'innovation_office', minimumPerRole: 'x' } }],
    },
    { ...base(), gates: [{ ...base().gates[0], when: { kind: 'any', conditions: [null, { kind: 'not' }] } }] },
    { ...base(), stages: [null, 'idea', { id: 'x' }] },
  ];

  it.each(garbage.map((g, i) => [i, g]))('case %i is refused with problems, never an exception', (_i, template) => {
    expect(() => validateTemplate(template as PathwayTemplate)).not.toThrow();
    expect(validateTemplate(template as PathwayTemplate).length).toBeGreaterThan(0);
  });
});
