import request from 'supertest';
import { DOCUMENT_PURPOSES_BY_KIND } from '../../libs/pipeline/src/domain';
import type {
  EvidenceRequirement,
  EvidenceSpec,
  PathwayTemplate,
  TemplateCondition,
} from '../../libs/pipeline/src/domain/templates';
import { glucoseDetectorProposal } from './support/fixtures';
import { MANAGER, OFFICE, passwordOf, startTestApp, TEST_USERS, TestApp } from './support/test-app';

// Each built-in template walked from idea to approved over HTTP (issue 15: "an office can run an FDA PMA project,
// an NMPA green-channel project, an HSA class D project and a CAR-T therapy, each under its own rules"). The walk
// follows the template's own data: at each stage it reads the gate to the next stage, records each piece of evidence
// its requirements name through the route for that kind, and collects the signatures its approval rule asks for.

type Target = { authority: string; pathway: string; deviceClass: string; breakthrough?: boolean };
type Template = PathwayTemplate & { version: number };
type Rule = Template['gates'][number]['approval'];

// The project each template is walked with: targets its gates can be met for.
const PROJECTS: Record<string, { riskClass: string; targets: Target[] }> = {
  fixed_model: { riskClass: 'III', targets: [{ authority: 'NMPA', pathway: 'registration', deviceClass: 'III' }] },
  nmpa_class_ii_registration: {
    riskClass: 'II',
    targets: [{ authority: 'NMPA', pathway: 'registration', deviceClass: 'II' }],
  },
  nmpa_class_iii_registration: {
    riskClass: 'III',
    targets: [{ authority: 'NMPA', pathway: 'registration', deviceClass: 'III' }],
  },
  nmpa_innovative_special_review: {
    riskClass: 'III',
    targets: [{ authority: 'NMPA', pathway: 'registration', deviceClass: 'III' }],
  },
  fda_510k: { riskClass: 'II', targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II' }] },
  // With Breakthrough: its designation becomes evidence of the gates that name it.
  fda_de_novo: {
    riskClass: 'II',
    targets: [{ authority: 'FDA', pathway: 'de_novo', deviceClass: 'II', breakthrough: true }],
  },
  fda_pma: { riskClass: 'III', targets: [{ authority: 'FDA', pathway: 'pma', deviceClass: 'III' }] },
  eu_mdr_class_iii: {
    riskClass: 'III',
    targets: [{ authority: 'EU_MDR', pathway: 'notified_body', deviceClass: 'III' }],
  },
  hsa_class_d: { riskClass: 'III', targets: [{ authority: 'HSA', pathway: 'full', deviceClass: 'D' }] },
  // A CAR-T therapy under FDA's biologics licence: IND, phases I-III, the BLA and its approval (the approval records
  // the project's risk class as its class: the tracker's classes are devices').
  cell_gene_therapy: {
    riskClass: 'III',
    targets: [{ authority: 'FDA', pathway: 'bla', deviceClass: 'III' }],
  },
};

// Who issues each trial authorisation form (as the domain's TRIAL_AUTHORISATION_AUTHORITIES).
const ISSUERS: Record<string, string[]> = {
  IDE: ['FDA'],
  IND: ['FDA'],
  NMPA_trial_approval: ['NMPA'],
  CTA: ['HSA', 'EU_MDR'],
  EU_clinical_investigation: ['EU_MDR'],
};
const DESIGNATION_AUTHORITY: Record<string, string> = {
  fda_breakthrough_device: 'FDA',
  fda_rmat: 'FDA',
  nmpa_innovative_device: 'NMPA',
  nmpa_breakthrough_therapy: 'NMPA',
  hsa_priority_review: 'HSA',
  ema_prime: 'EU_MDR',
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

// Signers: the office (not on the team), a team clinician, and management outside the team (independent reviewer).
const SIGNERS: Record<string, { username: string; name: string }[]> = {
  innovation_office: [{ username: 'office-li', name: 'Li Na' }],
  clinician: [{ username: 'dr-lin', name: 'Dr. Lin Hui' }],
  management: [{ username: 'mgr-wong', name: 'Wong Mei' }],
};

describe('each built-in template walked to approval (e2e)', () => {
  let t: TestApp;
  let templates: Template[];
  const headersOf: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    headersOf['office-li'] = OFFICE;
    headersOf['mgr-wong'] = MANAGER;
    headersOf['dr-lin'] = await t.createUser({ username: 'dr-lin', name: 'Dr. Lin Hui', role: 'clinician' });
    templates = (await request(t.http).get('/templates').set(MANAGER).expect(200)).body.templates;
  });
  afterAll(() => t.close());

  it('lists every built-in template this suite walks', () => {
    expect(templates.map((x) => x.templateId)).toEqual(Object.keys(PROJECTS));
  });

  it.each(Object.keys(PROJECTS))(
    '%s: idea to approved, each gate signed by the people its rule names',
    async (templateId) => {
      const template = templates.find((x) => x.templateId === templateId)!;
      const walk = new Walk(t, template, PROJECTS[templateId], headersOf);
      await walk.propose();
      for (let gates = 0; gates < template.stages.length; gates++) {
        const view = await walk.view();
        if (view.status === 'approved') break;
        await walk.takeGate(view.template.stage);
      }
      const view = await walk.view();
      expect({ status: view.status, stage: view.stage, templateStage: view.template.stage }).toEqual({
        status: 'approved',
        stage: 'approved',
        templateStage: 'approved',
      });
      // Every gate of the path on the record: a StageAdvanced per stage, each carrying the signatures its rule asked for.
      const history = (await request(t.http).get(`/projects/${walk.id}/history`).set(MANAGER).expect(200)).body.events;
      const advanced = history.filter((e: { type: string }) => e.type === 'StageAdvanced');
      expect(advanced).toHaveLength(template.stages.length - 1);
      const signers = advanced.map(
        (e: { data: { signatures?: { signerId: string }[]; signature: { signerId: string } } }) =>
          (e.data.signatures ?? [e.data.signature]).map((s) => s.signerId),
      );
      expect(signers).toEqual(walk.signed);
    },
    // About 20 to 40 requests a template: a few seconds, more on a loaded machine.
    60_000,
  );
});

/** One project walked along one template. */
class Walk {
  readonly id: string;
  revision = 0;
  /** Who signed each gate taken, in order, as its approval rule asked. */
  readonly signed: string[][] = [];
  private day = 0;
  private readonly records: Record<string, string[]> = {};
  private readonly submissions: { id: string; authority: string; pathway: string; approved: boolean }[] = [];
  private readonly trials: { id: string; phase?: string; completed: boolean }[] = [];
  private readonly proposal: ReturnType<typeof glucoseDetectorProposal>;

  constructor(
    private readonly t: TestApp,
    private readonly template: Template,
    private readonly project: { riskClass: string; targets: Target[] },
    private readonly headersOf: Record<string, Record<string, string>>,
  ) {
    this.proposal = glucoseDetectorProposal({
      riskClass: project.riskClass,
      targets: project.targets,
      template: { templateId: template.templateId, version: template.version },
    });
    this.id = this.proposal.projectId;
  }

  async propose() {
    await request(this.t.http).post('/projects').set(OFFICE).send(this.proposal).expect(201);
    await this.post('/team-members', { member: { id: 'dr-lin', name: 'Dr. Lin Hui' }, teamRole: 'clinician' });
  }

  async view() {
    return (await request(this.t.http).get(`/projects/${this.id}`).set(MANAGER).expect(200)).body;
  }

  /** The gate from `stage` to the next stage: its evidence recorded, then signed until the stage moves. */
  async takeGate(stage: string) {
    const order = this.template.stages.map((s) => s.id);
    const next = order[order.indexOf(stage) + 1];
    const gate = this.template.gates.find((g) => g.from === stage && g.to === next && this.holds(g.when));
    if (!gate) throw new Error(`${this.template.templateId}: no gate from ${stage} to ${next}`);
    // The routes a go may take from here, as the project reports them (what the gate dialog offers): the next
    // stage's first, then every other gate out of this stage whose condition holds for this project.
    const open = this.template.gates.filter((g) => g.from === stage && this.holds(g.when)).map((g) => g.to);
    const routes = (await this.view()).goTargets.map((g: { templateStage: string }) => g.templateStage);
    expect({ stage, routes }).toEqual({ stage, routes: [next, ...open.filter((to) => to !== next)] });
    const specs = gate.evidence.filter((r) => this.holds(r.when)).flatMap((r) => this.chosen(r));
    // Records first, documents last: a document is attached to a record of a kind that takes its purpose.
    for (const spec of specs.filter((s) => s.kind !== 'document')) await this.record(spec);
    for (const spec of specs.filter((s) => s.kind === 'document')) await this.record(spec);
    const missing = (await this.view()).missingEvidence;
    expect({ gate: `${stage} → ${next}`, missing }).toEqual({ gate: `${stage} → ${next}`, missing: [] });
    // A stage the bound version has no gate to is refused by name (targetTemplateStage reaches the decider).
    const wrong = await request(this.t.http)
      .post(`/projects/${this.id}/gate-decisions`)
      .set({ ...OFFICE, 'If-Match': `"${this.revision}"` })
      .send({ decision: 'go', targetTemplateStage: 'no_such_stage', signature: { meaning: 'approved to advance', password: passwordOf(TEST_USERS.office.username) } });
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 409, code: 'invalid_stage_transition' });
    const signers = this.signersFor(gate.approval);
    this.signed.push(signers.map((s) => s.username));
    for (const [i, signer] of signers.entries()) {
      const signature = {
        meaning: 'approved to advance',
        printedName: signer.name,
        password: passwordOf(signer.username),
      };
      const res = await this.post('/gate-decisions', { decision: 'go', signature }, this.headersOf[signer.username]);
      const last = i === signers.length - 1;
      expect({
        gate: `${stage} → ${next}`,
        signer: signer.username,
        events: res.body.events.map((e: { type: string }) => e.type),
      }).toEqual({
        gate: `${stage} → ${next}`,
        signer: signer.username,
        events: last ? expect.arrayContaining(['StageAdvanced']) : ['GateSignatureCollected'],
      });
    }
    expect((await this.view()).template.stage).toBe(next);
  }

  /** A requirement's specs; of an any-of, the longest option this project can meet (a trial over an exemption). */
  private chosen(requirement: EvidenceRequirement): EvidenceSpec[] {
    const { when: _when, ...r } = requirement;
    if (r.kind !== 'any_of') return [r as EvidenceSpec];
    const feasible = r.options.filter((option) =>
      option.every((s) => s.kind !== 'regulator_trial_approval' || this.issuerOf(s.form) !== undefined),
    );
    return [...feasible].sort((a, b) => b.length - a.length)[0];
  }

  private holds(condition: TemplateCondition | undefined): boolean {
    if (!condition) return true;
    switch (condition.kind) {
      case 'risk_class':
        return (condition.in as string[]).includes(this.project.riskClass);
      case 'target':
        return this.project.targets.some(
          (x) => x.authority === condition.authority && (!condition.pathway || x.pathway === condition.pathway),
        );
      case 'breakthrough_target':
        return this.project.targets.some((x) => x.authority === 'FDA' && x.breakthrough === true);
      case 'not':
        return !this.holds(condition.condition);
      case 'any':
        return condition.conditions.some((c) => this.holds(c));
    }
  }

  /** First the roles the rule names a minimum for, then one of each other role, then anyone left. */
  private signersFor(rule: Rule) {
    const chosen: { username: string; name: string }[] = [];
    const take = (role: string) => {
      const signer = (SIGNERS[role] ?? []).find((s) => !chosen.includes(s));
      if (signer) chosen.push(signer);
      return signer !== undefined;
    };
    for (const [role, n] of Object.entries(rule.minimumPerRole ?? {})) for (let i = 0; i < (n ?? 0); i++) take(role);
    for (const role of rule.roles) if (chosen.length < rule.signatures) take(role);
    while (chosen.length < rule.signatures && rule.roles.some((role) => take(role)));
    expect(chosen).toHaveLength(rule.signatures);
    return chosen;
  }

  private issuerOf(form: string) {
    return this.project.targets.find((x) => ISSUERS[form].includes(x.authority))?.authority;
  }

  /** A new day each record, all in the past, in the order recorded. */
  private nextDay(): string {
    this.day += 1;
    return new Date(Date.UTC(2026, 0, 1) + this.day * 86_400_000).toISOString().slice(0, 10);
  }

  private async post(path: string, body: object, headers: Record<string, string> = OFFICE) {
    const res = await request(this.t.http)
      .post(`/projects/${this.id}${path}`)
      .set({ ...headers, 'If-Match': `"${this.revision}"` })
      .send(body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: 200 });
    this.revision = res.body.revision;
    return res;
  }

  /** Records a record of `kind` through `path`, keeping its id by the kind documents name records by. */
  private async create(kind: string, path: string, body: object): Promise<string> {
    const res = await this.post(path, body);
    const id = String(res.headers.location).split('/').pop()!;
    (this.records[kind] ??= []).push(id);
    return id;
  }

  private async ensure(kind: string, make: () => Promise<string>): Promise<string> {
    return this.records[kind]?.[0] ?? make();
  }

  private prototype = () =>
    this.ensure('prototype', () =>
      this.create('prototype', '/prototypes', { version: 'v1', description: 'First build', builtOn: this.nextDay() }),
    );

  private ethics = () =>
    this.ensure('ethics_approval', () =>
      this.create('ethics_approval', '/ethics-approvals', {
        committee: 'Ethics Committee of Shanghai Sixth People’s Hospital',
        reference: `EC-${this.day}`,
        approvedOn: this.nextDay(),
      }),
    );

  private async registerTrial(phase: string | undefined) {
    const id = await this.create('trial', '/trials', {
      title: `Study ${phase ?? ''}`.trim(),
      registry: 'ChiCTR',
      registryId: `ChiCTR26${String(this.day).padStart(5, '0')}`,
      targetEnrolment: 40,
      registeredOn: this.nextDay(),
      ...(phase ? { phase } : {}),
    });
    const trial = { id, phase, completed: false };
    this.trials.push(trial);
    return trial;
  }

  private async submission(authority: string, pathway: string | undefined) {
    const found = this.submissions.find((s) => s.authority === authority && (!pathway || s.pathway === pathway));
    if (found) return found;
    const target = this.project.targets.find((x) => x.authority === authority)!;
    const chosen = pathway ?? target.pathway;
    const id = await this.create('submission', '/submissions', {
      authority,
      pathway: chosen,
      reference: `${authority}-${chosen}-${this.day}`,
      filedOn: this.nextDay(),
    });
    const filed = { id, authority, pathway: chosen, approved: false };
    this.submissions.push(filed);
    return filed;
  }

  /** How to put evidence of each kind on the record, through the route an office would use. */
  private async record(spec: EvidenceSpec): Promise<void> {
    const target = this.project.targets[0];
    switch (spec.kind) {
      case 'disclosure':
        await this.ensure('invention_disclosure', () =>
          this.create('invention_disclosure', '/invention-disclosures', {
            title: 'Non-invasive sensing',
            summary: 'Optical path',
            inventors: ['Dr. Chen Wei'],
            disclosedOn: this.nextDay(),
          }),
        );
        return;
      case 'patent_filed':
      case 'patent_published':
      case 'patent_granted': {
        const patentId = await this.create('patent', '/patents', {
          title: 'Sensing device',
          jurisdiction: spec.jurisdiction ?? 'CN',
          kind: spec.patentKind ?? 'invention',
          applicationNumber: `CN2026${this.day}`,
          filedOn: this.nextDay(),
        });
        if (spec.kind === 'patent_published')
          await this.post(`/patents/${patentId}/publication`, {
            publicationNumber: `CN1${this.day}A`,
            publishedOn: this.nextDay(),
          });
        if (spec.kind === 'patent_granted')
          await this.post(`/patents/${patentId}/grant`, {
            patentNumber: `ZL2026${this.day}`,
            grantedOn: this.nextDay(),
          });
        return;
      }
      case 'prototype':
        await this.prototype();
        return;
      case 'verification_test':
        await this.create('verification_test', '/verification-tests', {
          prototypeId: await this.prototype(),
          standard: spec.standard ?? 'IEC 60601-1',
          lab: 'Shanghai Testing & Inspection Institute for Medical Devices',
          result: 'passed',
          testedOn: this.nextDay(),
          reportReference: `R-${this.day}`,
        });
        return;
      case 'design_review':
        await this.create('design_review', '/design-reviews', {
          heldOn: this.nextDay(),
          outcome: 'passed',
          summary: 'Inputs traced to outputs',
        });
        return;
      case 'ethics_approval':
        await this.ethics();
        return;
      case 'regulator_trial_approval':
        await this.create('trial_authorisation', '/trial-authorisations', {
          form: spec.form,
          authority: this.issuerOf(spec.form),
          reference: `${spec.form}-${this.day}`,
          grantedOn: this.nextDay(),
        });
        return;
      case 'registered_trial':
        if (!this.trials.some((x) => !spec.phase || x.phase === spec.phase)) await this.registerTrial(spec.phase);
        return;
      case 'trial_completed': {
        if (this.trials.some((x) => x.completed && (!spec.phase || x.phase === spec.phase))) return;
        const trial =
          this.trials.find((x) => !x.completed && (!spec.phase || x.phase === spec.phase)) ??
          (await this.registerTrial(spec.phase));
        await this.ethics();
        await this.post(`/trials/${trial.id}/first-patient-in`, { occurredOn: this.nextDay() });
        await this.post(`/trials/${trial.id}/completion`, {
          completedOn: this.nextDay(),
          primaryEndpointMet: true,
          resultSummary: 'Primary endpoint met.',
        });
        trial.completed = true;
        return;
      }
      case 'equivalence_evaluation':
        await this.create('equivalence_evaluation', '/equivalence-evaluations', {
          predicateDevice: 'Predicate',
          predicateManufacturer: 'Maker',
          predicateReference: 'K012345',
          equivalent: true,
          evaluatedOn: this.nextDay(),
        });
        return;
      case 'submission_filed':
        await this.submission(spec.authority ?? target.authority, spec.pathway);
        return;
      case 'approval_granted': {
        const targeted = this.project.targets.filter(
          (x) => !spec.authorities || (spec.authorities as string[]).includes(x.authority),
        );
        const count = spec.of === 'every_target' ? targeted.length : (spec.count ?? 1);
        for (const x of targeted.slice(0, count)) {
          // The latest submission to that authority not yet approved (a registration after a green-channel filing).
          const open = this.submissions.filter((s) => s.authority === x.authority && !s.approved).pop();
          const submission = open ?? (await this.submission(x.authority, undefined));
          if (submission.approved) continue;
          await this.post(`/submissions/${submission.id}/approval`, {
            certificateNumber: `${x.authority}-C-${this.day}`,
            approvedOn: this.nextDay(),
            deviceClass: x.deviceClass,
          });
          submission.approved = true;
          (this.records.approval ??= []).push(submission.id);
        }
        return;
      }
      case 'designation_granted':
        expect(this.project.targets.map((x) => x.authority)).toContain(DESIGNATION_AUTHORITY[spec.programme]);
        await this.create('designation', '/designations', {
          programme: spec.programme,
          reference: `${spec.programme}-${this.day}`,
          grantedOn: this.nextDay(),
        });
        return;
      case 'document': {
        // A record that takes this purpose: one already on the record, else the first kind that takes it, made.
        const kinds = Object.entries(DOCUMENT_PURPOSES_BY_KIND)
          .filter(([, purposes]) => (purposes as readonly string[]).includes(spec.documentKind))
          .map(([kind]) => kind);
        const kind = kinds.find((k) => this.records[k]?.length) ?? kinds[0];
        if (!this.records[kind]?.length) await this.record(MAKES[kind]);
        const recordId = this.records[kind][this.records[kind].length - 1];
        const res = await request(this.t.http)
          .post(`/projects/${this.id}/documents`)
          .set({ ...OFFICE, 'If-Match': `"${this.revision}"` })
          .field('kind', kind)
          .field('recordId', recordId)
          .field('purpose', spec.documentKind)
          .attach('file', PDF, { filename: `${spec.documentKind}.pdf`, contentType: 'application/pdf' });
        expect({ document: spec.documentKind, status: res.status, body: res.body }).toMatchObject({ status: 201 });
        this.revision = res.body.revision;
        return;
      }
    }
  }
}

// The evidence that makes a record of a kind a document can be attached to.
const MAKES: Record<string, EvidenceSpec> = {
  verification_test: { kind: 'verification_test' },
  design_review: { kind: 'design_review' },
  ethics_approval: { kind: 'ethics_approval' },
  trial: { kind: 'registered_trial' },
  submission: { kind: 'submission_filed' },
  approval: { kind: 'approval_granted' },
  invention_disclosure: { kind: 'disclosure' },
  patent: { kind: 'patent_filed' },
  equivalence_evaluation: { kind: 'equivalence_evaluation' },
};
