// A template's gates over a project's records: which gate leads where, whether it may be taken, what it lacks.
import { conditionHolds, evaluateRequirements, EvidenceRecords, EvidenceResult } from './template.evidence';
import type { PathwayTemplate, TemplateCondition, TemplateGate } from './template.model';

export function stageIndex(template: PathwayTemplate, stageId: string): number {
  return template.stages.findIndex((s) => s.id === stageId);
}

export function firstStage(template: PathwayTemplate): string {
  return template.stages[0].id;
}

export function finalStage(template: PathwayTemplate): string {
  return template.stages[template.stages.length - 1].id;
}

/** The stage after `stageId` in the template's order; null at the end or for a stage the template lacks. */
export function nextStageOf(template: PathwayTemplate, stageId: string): string | null {
  const index = stageIndex(template, stageId);
  return index < 0 ? null : (template.stages[index + 1]?.id ?? null);
}

export function gateBetween(template: PathwayTemplate, from: string, to: string): TemplateGate | undefined {
  return template.gates.find((g) => g.from === from && g.to === to);
}

/** The gates out of a stage that this project may take (their conditions hold). */
export function openGatesFrom(template: PathwayTemplate, records: EvidenceRecords, from: string): TemplateGate[] {
  return template.gates.filter((g) => g.from === from && (!g.when || conditionHolds(records, g.when)));
}

export type GateRefusal =
  | { code: 'no_gate'; from: string; to: string | null; message: string }
  | { code: 'condition_not_met'; from: string; to: string; condition: TemplateCondition; message: string }
  | { code: 'evidence_missing'; from: string; to: string; missing: EvidenceResult[]; message: string };

export type GateCheck =
  { ok: true; gate: TemplateGate; evidence: EvidenceResult[] } | { ok: false; refusal: GateRefusal };

/**
 * Whether a "go" from `from` to `target` (null: the next stage) may be given on `day`: a gate must lead
 * there, its condition hold for this project, and every requirement that applies be satisfied.
 */
export function checkGate(
  template: PathwayTemplate,
  records: EvidenceRecords,
  from: string,
  target: string | null,
  day: string,
): GateCheck {
  const to = target ?? nextStageOf(template, from);
  const gate = to === null ? undefined : gateBetween(template, from, to);
  if (!gate || to === null) {
    return {
      ok: false,
      refusal: { code: 'no_gate', from, to, message: `No gate leads from ${from} to ${to ?? 'nowhere'}.` },
    };
  }
  if (gate.when && !conditionHolds(records, gate.when)) {
    const message = `The ${from} → ${to} gate is open only when ${describeCondition(gate.when)}.`;
    return { ok: false, refusal: { code: 'condition_not_met', from, to, condition: gate.when, message } };
  }
  const evidence = evaluateRequirements(records, gate.evidence, day);
  const missing = evidence.filter((e) => e.recordIds.length === 0);
  if (missing.length > 0) {
    return {
      ok: false,
      refusal: { code: 'evidence_missing', from, to, missing, message: `The ${from} → ${to} gate lacks evidence.` },
    };
  }
  return { ok: true, gate, evidence };
}

/** Evidence still missing for the gate from `from` to `to`; none when no gate leads there (as the fixed model answered). */
export function missingFor(
  template: PathwayTemplate,
  records: EvidenceRecords,
  from: string,
  to: string | null,
  day: string,
): EvidenceResult[] {
  const gate = to === null ? undefined : gateBetween(template, from, to);
  if (!gate || !records.profile) return [];
  return evaluateRequirements(records, gate.evidence, day).filter((e) => e.recordIds.length === 0);
}

export function describeCondition(condition: TemplateCondition): string {
  switch (condition.kind) {
    case 'risk_class':
      return `the device is class ${condition.in.join(' or ')}`;
    case 'target':
      return `the project targets ${condition.authority}${condition.pathway ? ` ${condition.pathway}` : ''}`;
    case 'breakthrough_target':
      return 'the FDA target is a Breakthrough device';
    case 'not':
      return `not (${describeCondition(condition.condition)})`;
    case 'any':
      return condition.conditions.map(describeCondition).join(', or ');
  }
}
