// A template that cannot be completed is refused, each problem named: which stage, gate or rule, and why.
import { PATENT_KINDS } from '../patents/patents.payloads';
import { AUTHORITIES, PATHWAYS_BY_AUTHORITY, RISK_CLASSES, STAGES } from '../shared/values';
import type { Authority } from '../shared/values';
import { ruleProblems } from './approval-rule';
import {
  APPROVED_WHEN,
  DESIGNATION_PROGRAMMES,
  DOCUMENT_KINDS,
  EVIDENCE_KINDS,
  EvidenceRequirement,
  EvidenceSpec,
  PathwayTemplate,
  TemplateCondition,
  TemplateGate,
  TRIAL_AUTHORISATIONS,
  TRIAL_PHASES,
} from './template.model';

export const TEMPLATE_PROBLEMS = [
  'invalid_template_id',
  'field_required',
  'invalid_source',
  'too_few_stages',
  'invalid_stage_id',
  'duplicate_stage',
  'invalid_stage_phase',
  'unknown_stage',
  'gate_goes_backwards',
  'duplicate_gate',
  'skip_without_condition',
  'stage_unreachable',
  'stage_without_way_out',
  'no_unconditional_path',
  'final_gate_without_approval',
  'unknown_evidence_kind',
  'invalid_evidence',
  'invalid_condition',
  'unsatisfiable_approval_rule',
  'invalid_approved_when',
] as const;
export type TemplateProblemCode = (typeof TEMPLATE_PROBLEMS)[number];

export interface TemplateProblem {
  code: TemplateProblemCode;
  /** Where in the template: `stages[2]`, `gates[prototype->clinical_validation].evidence[1]`... */
  path: string;
  message: string;
}

const ID = /^[a-z][a-z0-9_]{0,63}$/;
const JURISDICTION = /^[A-Z]{2}$/;
const MAX_STAGES = 20;
const MAX_TEXT = 4000;

const has = (list: readonly string[], value: unknown): boolean => typeof value === 'string' && list.includes(value);
const text = (value: unknown, max = 200): boolean =>
  typeof value === 'string' && value.trim() !== '' && value.length <= max;

/** Every problem that keeps the template from being used; empty when it can be. */
export function validateTemplate(template: PathwayTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const problem = (code: TemplateProblemCode, path: string, message: string) => problems.push({ code, path, message });
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    problem('field_required', '', 'A template is an object with its id, name, sources, stages, gates and approvedWhen.');
    return problems;
  }

  if (typeof template.templateId !== 'string' || !ID.test(template.templateId)) {
    problem(
      'invalid_template_id',
      'templateId',
      'The template id is lower-case letters, digits and _ (up to 64), starting with a letter.',
    );
  }
  if (!text(template.name)) problem('field_required', 'name', 'The template needs a name (up to 200 characters).');
  if (typeof template.description !== 'string' || template.description.length > MAX_TEXT) {
    problem('field_required', 'description', `The description is text of up to ${MAX_TEXT} characters.`);
  }
  if (template.sources !== undefined && !Array.isArray(template.sources)) {
    problem('invalid_source', 'sources', 'The sources are a list.');
  }
  (Array.isArray(template.sources) ? template.sources : []).forEach((source, i) => {
    if (!text(source?.publisher) || !text(source?.document, 500) || !/^https?:\/\/[^\s]+$/.test(source?.url ?? '')) {
      problem('invalid_source', `sources[${i}]`, 'A source names its publisher, the document and an http(s) URL.');
    }
  });
  if (!has(APPROVED_WHEN, template.approvedWhen)) {
    problem('invalid_approved_when', 'approvedWhen', `approvedWhen is one of ${APPROVED_WHEN.join(', ')}.`);
  }

  // Stages: in order, unique, the pipeline phases never going back, only the last one "approved".
  const stages = Array.isArray(template.stages) ? template.stages : [];
  if (stages.length < 2 || stages.length > MAX_STAGES) {
    problem(
      'too_few_stages',
      'stages',
      `A template has 2 to ${MAX_STAGES} stages, the first where a project starts, the last "approved".`,
    );
  }
  const seen = new Set<string>();
  stages.forEach((stage, i) => {
    const path = `stages[${i}]`;
    if (typeof stage?.id !== 'string' || !ID.test(stage.id)) {
      problem(
        'invalid_stage_id',
        path,
        `Stage id ${JSON.stringify(stage?.id)} is not lower-case letters, digits and _.`,
      );
      return;
    }
    if (seen.has(stage.id)) problem('duplicate_stage', path, `Stage ${stage.id} appears twice.`);
    seen.add(stage.id);
    if (!text(stage.label)) problem('field_required', `${path}.label`, `Stage ${stage.id} needs a label.`);
    if (!has(STAGES, stage.phase)) {
      problem(
        'invalid_stage_phase',
        `${path}.phase`,
        `Stage ${stage.id} has phase ${String(stage.phase)}, not one of ${STAGES.join(', ')}.`,
      );
      return;
    }
    const previous = stages[i - 1];
    if (previous && has(STAGES, previous.phase) && STAGES.indexOf(stage.phase) < STAGES.indexOf(previous.phase)) {
      problem(
        'invalid_stage_phase',
        `${path}.phase`,
        `Stage ${stage.id} (${stage.phase}) comes after ${previous.id} (${previous.phase}) in the pipeline.`,
      );
    }
    if (i === 0 && stage.phase !== 'idea') {
      problem(
        'invalid_stage_phase',
        `${path}.phase`,
        `The first stage ${stage.id} must have phase idea: every project starts as one.`,
      );
    }
    const last = i === stages.length - 1;
    if (last !== (stage.phase === 'approved')) {
      problem(
        'invalid_stage_phase',
        `${path}.phase`,
        last
          ? `The last stage ${stage.id} must have phase approved.`
          : `Only the last stage may have phase approved, not ${stage.id}.`,
      );
    }
  });
  const order = new Map(stages.map((s, i) => [s?.id, i] as const));

  // Gates: between known stages, forward, once each; a jump over stages names its condition.
  const gates = Array.isArray(template.gates) ? template.gates : [];
  const gateKeys = new Set<string>();
  gates.forEach((gate, i) => {
    const key = `${gate?.from}->${gate?.to}`;
    const path = `gates[${key}]`;
    if (!order.has(gate?.from) || !order.has(gate?.to)) {
      problem('unknown_stage', path, `Gate ${key} names a stage the template does not have.`);
      return;
    }
    const from = order.get(gate.from)!;
    const to = order.get(gate.to)!;
    if (to <= from)
      problem(
        'gate_goes_backwards',
        path,
        `Gate ${key} does not lead to a later stage (a recycle goes back, not a gate).`,
      );
    if (gateKeys.has(key)) problem('duplicate_gate', path, `Gate ${key} is defined twice.`);
    gateKeys.add(key);
    if (to > from + 1 && !gate.when) {
      problem(
        'skip_without_condition',
        path,
        `Gate ${key} skips stages, so it must name the condition under which it may be taken.`,
      );
    }
    if (gate.when) checkCondition(gate.when, `${path}.when`, problem);
    for (const message of ruleProblems(gate.approval ?? ({} as TemplateGate['approval']))) {
      problem('unsatisfiable_approval_rule', `${path}.approval`, `The approval rule of gate ${key} ${message}`);
    }
    if (!Array.isArray(gate.evidence)) {
      problem(
        'invalid_evidence',
        `${path}.evidence`,
        `Gate ${key} lists no evidence (an empty list when it needs none).`,
      );
    } else {
      gate.evidence.forEach((requirement, j) => checkRequirement(requirement, `${path}.evidence[${j}]`, problem));
    }
    if (to === stages.length - 1 && Array.isArray(gate.evidence)) {
      if (!gate.evidence.some((r) => asksForApproval(r, false))) {
        problem(
          'final_gate_without_approval',
          path,
          `Gate ${key} leads to ${gate.to} without asking for a regulatory approval granted.`,
        );
      } else if (template.approvedWhen === 'every_target' && !gate.evidence.some((r) => asksForApproval(r, true))) {
        problem(
          'final_gate_without_approval',
          path,
          `The template is approved when every target is, but gate ${key} does not ask for every target's approval.`,
        );
      }
    }
    void i;
  });
  if (
    problems.some((p) => p.code === 'unknown_stage' || p.code === 'duplicate_stage' || p.code === 'invalid_stage_id')
  ) {
    return problems;
  }

  // Completion: every stage reached from the first, every stage but the last has a way on, and a project
  // meeting no condition can still get from the first stage to the last.
  if (stages.length >= 2) {
    const ids = stages.map((s) => s.id);
    const reached = reach(ids[0], gates, false);
    ids.slice(1).forEach((id, i) => {
      if (!reached.has(id)) problem('stage_unreachable', `stages[${i + 1}]`, `No gate reaches stage ${id}.`);
    });
    const final = ids[ids.length - 1];
    ids.slice(0, -1).forEach((id, i) => {
      if (!reach(id, gates, false).has(final)) {
        problem('stage_without_way_out', `stages[${i}]`, `From stage ${id} no gate leads on to ${final}.`);
      }
    });
    if (reached.has(final) && !reach(ids[0], gates, true).has(final)) {
      problem(
        'no_unconditional_path',
        'gates',
        `Only conditional gates lead from ${ids[0]} to ${final}: a project meeting no condition could never finish.`,
      );
    }
  }
  return problems;
}

function reach(start: string, gates: TemplateGate[], unconditionalOnly: boolean): Set<string> {
  const reached = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const gate of gates) {
      if (gate.from !== at || reached.has(gate.to) || (unconditionalOnly && gate.when)) continue;
      reached.add(gate.to);
      queue.push(gate.to);
    }
  }
  return reached;
}

// Whether the requirement always asks for an approval granted (of every target, when `everyTarget`).
function asksForApproval(requirement: EvidenceRequirement, everyTarget: boolean): boolean {
  const approval = (s: EvidenceSpec) => s?.kind === 'approval_granted' && (!everyTarget || s.of === 'every_target');
  if (!requirement || requirement.when) return false;
  if (requirement.kind === 'any_of')
    return Array.isArray(requirement.options) && requirement.options.every((o) => Array.isArray(o) && o.some(approval));
  return approval(requirement);
}

type Report = (code: TemplateProblemCode, path: string, message: string) => void;

function checkRequirement(requirement: EvidenceRequirement, path: string, problem: Report): void {
  if (requirement?.when) checkCondition(requirement.when, `${path}.when`, problem);
  if (requirement?.kind === 'any_of') {
    if (typeof requirement.code !== 'string' || !ID.test(requirement.code) || !text(requirement.message, 500)) {
      problem(
        'invalid_evidence',
        path,
        'An any-of requirement names its code (lower-case letters, digits, _) and its message.',
      );
    }
    if (!Array.isArray(requirement.options) || requirement.options.length < 2) {
      problem('invalid_evidence', path, 'An any-of requirement offers at least two options.');
      return;
    }
    requirement.options.forEach((option, i) => {
      if (!Array.isArray(option) || option.length === 0) {
        problem(
          'invalid_evidence',
          `${path}.options[${i}]`,
          'Each option of an any-of lists at least one piece of evidence.',
        );
        return;
      }
      option.forEach((spec, j) => checkSpec(spec, `${path}.options[${i}][${j}]`, problem));
    });
    return;
  }
  checkSpec(requirement as EvidenceSpec, path, problem);
}

function checkSpec(spec: EvidenceSpec, path: string, problem: Report): void {
  if (!has(EVIDENCE_KINDS, spec?.kind)) {
    problem(
      'unknown_evidence_kind',
      path,
      `Evidence of unknown kind ${JSON.stringify(spec?.kind)}; the catalogue has ${EVIDENCE_KINDS.join(', ')}.`,
    );
    return;
  }
  const invalid = (message: string) => problem('invalid_evidence', path, `${spec.kind}: ${message}`);
  switch (spec.kind) {
    case 'patent_filed':
    case 'patent_published':
    case 'patent_granted':
      if (spec.jurisdiction !== undefined && !JURISDICTION.test(spec.jurisdiction))
        invalid(`jurisdiction ${spec.jurisdiction} is not a two-letter code.`);
      if (spec.patentKind !== undefined && !has(PATENT_KINDS, spec.patentKind))
        invalid(`unknown patent kind ${String(spec.patentKind)}.`);
      if (spec.datedWithin !== undefined) {
        const { years, date } = spec.datedWithin;
        if (!Number.isInteger(years) || years < 1 || years > 30)
          invalid('datedWithin.years is a whole number from 1 to 30.');
        if (!has(['filedOn', 'publishedOn', 'grantedOn'], date))
          invalid('datedWithin.date is filedOn, publishedOn or grantedOn.');
        if (spec.kind === 'patent_filed' && date !== 'filedOn') invalid('a filed patent has only its filing date.');
      }
      return;
    case 'verification_test':
      if (spec.standard !== undefined && !text(spec.standard))
        invalid('the standard, when named, is a non-empty name.');
      return;
    case 'regulator_trial_approval':
      if (!has(TRIAL_AUTHORISATIONS, spec.form)) invalid(`form is one of ${TRIAL_AUTHORISATIONS.join(', ')}.`);
      return;
    case 'registered_trial':
    case 'trial_completed':
      if (spec.phase !== undefined && !has(TRIAL_PHASES, spec.phase))
        invalid(`phase is one of ${TRIAL_PHASES.join(', ')}.`);
      return;
    case 'submission_filed':
      if (spec.authority !== undefined && !has(AUTHORITIES, spec.authority))
        invalid(`unknown authority ${String(spec.authority)}.`);
      else if (spec.pathway !== undefined && !pathwayOf(spec.authority, spec.pathway)) {
        invalid(
          `${spec.authority ?? 'no authority'} has no ${String(spec.pathway)} pathway (name the authority with the pathway).`,
        );
      }
      return;
    case 'approval_granted': {
      const { authorities, count, of } = spec;
      if (of !== undefined && !has(['any', 'every_target'], of)) invalid('of is any or every_target.');
      if (authorities !== undefined) {
        if (!Array.isArray(authorities) || authorities.length === 0 || authorities.some((a) => !has(AUTHORITIES, a))) {
          invalid(`authorities lists known authorities (${AUTHORITIES.join(', ')}).`);
        } else if (new Set(authorities).size !== authorities.length) invalid('authorities names an authority twice.');
      }
      if (
        count !== undefined &&
        (!Number.isInteger(count) || count < 1 || count > (authorities?.length ?? AUTHORITIES.length))
      ) {
        invalid(`count ${String(count)} approvals from distinct authorities can never be met.`);
      }
      if (of === 'every_target' && (authorities !== undefined || count !== undefined))
        invalid('every_target takes no authorities or count.');
      return;
    }
    case 'designation_granted':
      if (!has(DESIGNATION_PROGRAMMES, spec.programme))
        invalid(`programme is one of ${DESIGNATION_PROGRAMMES.join(', ')}.`);
      return;
    case 'document':
      if (!has(DOCUMENT_KINDS, spec.documentKind)) invalid(`unknown document kind ${String(spec.documentKind)}.`);
      return;
    default:
      return;
  }
}

function pathwayOf(authority: Authority | undefined, pathway: string): boolean {
  return authority !== undefined && (PATHWAYS_BY_AUTHORITY[authority] as readonly string[]).includes(pathway);
}

function checkCondition(condition: TemplateCondition, path: string, problem: Report): void {
  switch (condition?.kind) {
    case 'risk_class':
      if (
        !Array.isArray(condition.in) ||
        condition.in.length === 0 ||
        condition.in.some((c) => !has(RISK_CLASSES, c))
      ) {
        problem('invalid_condition', path, `A risk-class condition lists classes from ${RISK_CLASSES.join(', ')}.`);
      }
      return;
    case 'target':
      if (!has(AUTHORITIES, condition.authority))
        problem('invalid_condition', path, `Unknown authority ${String(condition.authority)}.`);
      else if (condition.pathway !== undefined && !pathwayOf(condition.authority, condition.pathway)) {
        problem('invalid_condition', path, `${condition.authority} has no ${String(condition.pathway)} pathway.`);
      }
      return;
    case 'breakthrough_target':
      return;
    case 'not':
      checkCondition(condition.condition, `${path}.condition`, problem);
      return;
    case 'any':
      if (!Array.isArray(condition.conditions) || condition.conditions.length < 2) {
        problem('invalid_condition', path, 'An any-condition lists at least two conditions.');
        return;
      }
      condition.conditions.forEach((c, i) => checkCondition(c, `${path}.conditions[${i}]`, problem));
      return;
    default:
      problem(
        'invalid_condition',
        path,
        `Unknown condition ${JSON.stringify((condition as { kind?: unknown })?.kind)}.`,
      );
  }
}
