// Records for the template specs, built by hand: each call adds one record at the next revision, and `satisfy`
// adds records meeting any evidence spec of the catalogue (an any-of by its first option).
import type { PatentKind } from '../patents/patents.payloads';
import type { Authority, Pathway, RegulatoryTarget, RiskClass } from '../shared/values';
import type { EvidenceRecords } from './template.evidence';
import type {
  EvidenceRequirement,
  EvidenceSpec,
  TemplateCondition,
  TrialAuthorisation,
  TrialPhase,
} from './template.model';

export const DAY = '2026-06-01';

type Target = Pick<RegulatoryTarget, 'authority' | 'pathway' | 'breakthrough'>;

export class RecordsBuilder {
  private revision = 0;
  readonly records: EvidenceRecords;

  constructor(riskClass: RiskClass = 'III', targets: Target[] = []) {
    this.records = {
      evidenceFloor: -1,
      profile: { riskClass, targets },
      disclosures: {},
      patents: {},
      prototypes: {},
      verificationTests: {},
      designReviews: {},
      ethicsApprovals: {},
      trials: {},
      equivalenceEvaluations: {},
      submissions: {},
      approvals: {},
      documents: {},
      trialAuthorisations: {},
      designations: {},
    };
  }

  private next(): { revision: number; retracted: boolean } {
    return { revision: ++this.revision, retracted: false };
  }

  private id(prefix: string): string {
    return `${prefix}-${this.revision + 1}`;
  }

  target(target: Target): this {
    this.records.profile!.targets.push(target);
    return this;
  }

  disclosure(): this {
    const disclosureId = this.id('disc');
    this.records.disclosures[disclosureId] = { disclosureId, ...this.next() };
    return this;
  }

  patent(
    p: {
      jurisdiction?: string;
      kind?: PatentKind;
      status?: 'filed' | 'published' | 'granted' | 'abandoned';
      filedOn?: string;
    } = {},
  ): this {
    const patentId = this.id('pat');
    const status = p.status ?? 'filed';
    const filedOn = p.filedOn ?? '2025-01-10';
    const published = status === 'published' || status === 'granted';
    this.records.patents[patentId] = {
      patentId,
      jurisdiction: p.jurisdiction ?? 'CN',
      kind: p.kind ?? 'invention',
      status,
      filedOn,
      publishedOn: published ? '2025-07-10' : null,
      grantedOn: status === 'granted' ? '2026-01-10' : null,
      ...this.next(),
    };
    return this;
  }

  prototype(): this {
    const prototypeId = this.id('proto');
    this.records.prototypes[prototypeId] = { prototypeId, ...this.next() };
    return this;
  }

  /** A test on the newest prototype (one is built first when there is none). */
  test(standard = 'IEC 60601-1', result: 'passed' | 'failed' = 'passed'): this {
    if (Object.keys(this.records.prototypes).length === 0) this.prototype();
    const prototypeId = Object.keys(this.records.prototypes).pop()!;
    const testId = this.id('test');
    this.records.verificationTests[testId] = { testId, prototypeId, standard, result, ...this.next() };
    return this;
  }

  review(outcome: 'passed' | 'passed_with_actions' | 'failed' = 'passed'): this {
    const reviewId = this.id('review');
    this.records.designReviews[reviewId] = { reviewId, outcome, ...this.next() };
    return this;
  }

  ethics(): this {
    const ethicsApprovalId = this.id('ethics');
    this.records.ethicsApprovals[ethicsApprovalId] = { ethicsApprovalId, ...this.next() };
    return this;
  }

  trialAuthorisation(form: TrialAuthorisation): this {
    const authorisationId = this.id('auth');
    this.records.trialAuthorisations![authorisationId] = { authorisationId, form, ...this.next() };
    return this;
  }

  trial(t: { phase?: TrialPhase; completed?: boolean; endpointMet?: boolean } = {}): this {
    const trialId = this.id('trial');
    const completed = t.completed ?? false;
    this.records.trials[trialId] = {
      trialId,
      phase: t.phase ?? null,
      status: completed ? 'completed' : 'registered',
      primaryEndpointMet: completed ? (t.endpointMet ?? true) : null,
      ...this.next(),
    };
    return this;
  }

  equivalence(equivalent = true): this {
    const evaluationId = this.id('eq');
    this.records.equivalenceEvaluations[evaluationId] = { evaluationId, equivalent, ...this.next() };
    return this;
  }

  submission(authority: Authority, pathway: Pathway): this {
    const submissionId = this.id('sub');
    this.records.submissions[submissionId] = { submissionId, authority, pathway, ...this.next() };
    return this;
  }

  /** A submission to `authority` and its approval. */
  approval(authority: Authority, pathway: Pathway = DEFAULT_PATHWAY[authority]): this {
    this.submission(authority, pathway);
    const submissionId = Object.keys(this.records.submissions).pop()!;
    this.records.approvals[submissionId] = { submissionId, authority, ...this.next() };
    return this;
  }

  designation(programme: string): this {
    const designationId = this.id('des');
    this.records.designations![designationId] = { designationId, programme, ...this.next() };
    return this;
  }

  document(purpose: string): this {
    const documentId = this.id('doc');
    this.records.documents[documentId] = { documentId, purpose, supersededBy: null, revision: ++this.revision };
    return this;
  }

  retract(registry: keyof EvidenceRecords, id: string): this {
    const map = this.records[registry] as Record<string, { retracted: boolean }>;
    map[id] = { ...map[id], retracted: true };
    return this;
  }

  /** Adds records meeting `requirement` (an any-of by its first option). */
  satisfy(requirement: EvidenceRequirement): this {
    if (requirement.kind === 'any_of') {
      requirement.options[0].forEach((spec) => this.satisfy(spec));
      return this;
    }
    return this.satisfySpec(requirement);
  }

  private satisfySpec(spec: EvidenceSpec): this {
    switch (spec.kind) {
      case 'disclosure':
        return this.disclosure();
      case 'patent_filed':
      case 'patent_published':
      case 'patent_granted': {
        const status =
          spec.kind === 'patent_filed' ? 'filed' : spec.kind === 'patent_published' ? 'published' : 'granted';
        return this.patent({ jurisdiction: spec.jurisdiction, kind: spec.patentKind, status });
      }
      case 'prototype':
        return this.prototype();
      case 'verification_test':
        return this.test(spec.standard);
      case 'design_review':
        return this.review();
      case 'ethics_approval':
        return this.ethics();
      case 'regulator_trial_approval':
        return this.trialAuthorisation(spec.form);
      case 'registered_trial':
        return this.trial({ phase: spec.phase });
      case 'trial_completed':
        return this.trial({ phase: spec.phase, completed: true });
      case 'equivalence_evaluation':
        return this.equivalence();
      case 'submission_filed': {
        const authority = spec.authority ?? 'NMPA';
        return this.submission(authority, spec.pathway ?? DEFAULT_PATHWAY[authority]);
      }
      case 'approval_granted': {
        const authorities =
          spec.of === 'every_target'
            ? [...new Set(this.records.profile!.targets.map((t) => t.authority))]
            : (spec.authorities ?? ['NMPA']).slice(0, spec.count ?? 1);
        authorities.forEach((a) => this.approval(a));
        return this;
      }
      case 'designation_granted':
        return this.designation(spec.programme);
      case 'document':
        return this.document(spec.documentKind);
    }
  }
}

const DEFAULT_PATHWAY: Record<Authority, Pathway> = {
  NMPA: 'registration',
  FDA: 'pma',
  HSA: 'full',
  EU_MDR: 'notified_body',
};

/** A project for which `condition` holds. */
export function builderWhere(condition: TemplateCondition | undefined): RecordsBuilder {
  const builder = new RecordsBuilder('III');
  if (!condition) return builder;
  switch (condition.kind) {
    case 'risk_class':
      return new RecordsBuilder(condition.in[0]);
    case 'target':
      return builder.target({
        authority: condition.authority,
        pathway: condition.pathway ?? DEFAULT_PATHWAY[condition.authority],
        breakthrough: false,
      });
    case 'breakthrough_target':
      return builder.target({ authority: 'FDA', pathway: 'pma', breakthrough: true });
    case 'any':
      return builderWhere(condition.conditions[0]);
    case 'not':
      throw new Error('No fixture for a negated condition');
  }
}
