// Approval rules: who must sign a gate decision, and whether the signatures collected so far meet the rule.
import { personKey, ROLES } from '../shared/values';
import type { Role } from '../shared/values';
import type { ApprovalRule } from './template.model';

/** Roles whose people may sign a gate decision; admin runs the platform, never a project's record. */
export const SIGNING_ROLES: readonly Role[] = ['innovation_office', 'clinician', 'management'];
/**
 * Roles that can be held by someone outside the project's team and still act on it: a clinician acts only
 * on the projects whose team they are on, so a clinician is never an independent reviewer.
 */
export const INDEPENDENT_ROLES: readonly Role[] = ['innovation_office', 'management'];

export const MAX_SIGNATURES = 12;

/** Today's rule: one signature by the innovation office (never the lead clinician). */
export const SINGLE_OFFICE_SIGNATURE: ApprovalRule = {
  signatures: 1,
  roles: ['innovation_office'],
  independentReviewer: false,
};

/** A signature collected for a decision, as the record keeps it. */
export interface CollectedSignature {
  signatureId: string;
  /** The person (canonical or not: compared as `personKey` gives it), whatever account they signed with. */
  signerId: string;
  role: Role;
  signedRevision: number;
  contentHash?: string;
  revoked: boolean;
}

/** The decision being signed and the project it is on. */
export interface SigningContext {
  /** The revision and content hash every counted signature must be bound to. */
  revision: number;
  contentHash?: string;
  leadClinicianId: string;
  /** Person ids of the project's active team (the lead clinician included). */
  team: readonly string[];
}

export type IgnoredBecause = 'revoked' | 'stale' | 'same_person' | 'role_not_in_rule' | 'lead_clinician';

export interface ApprovalOutcome {
  met: boolean;
  counted: CollectedSignature[];
  ignored: { signature: CollectedSignature; because: IgnoredBecause }[];
  /** What the rule still lacks, in words; empty when met. */
  missing: string[];
}

function bound(signature: CollectedSignature, context: SigningContext): boolean {
  return (
    signature.signedRevision === context.revision &&
    (context.contentHash === undefined || signature.contentHash === context.contentHash)
  );
}

/**
 * Which signatures count toward `rule` and whether it is met. A signature counts when it is not revoked, is
 * bound to the decision's revision and content hash, is by someone other than the lead clinician, in a role
 * the rule names, and is the person's first such signature (one person counts once, whatever accounts).
 */
export function evaluateApproval(
  rule: ApprovalRule,
  signatures: readonly CollectedSignature[],
  context: SigningContext,
): ApprovalOutcome {
  const lead = personKey(context.leadClinicianId);
  const team = new Set(context.team.map(personKey));
  const counted: CollectedSignature[] = [];
  const ignored: ApprovalOutcome['ignored'] = [];
  const persons = new Set<string>();
  for (const signature of signatures) {
    const person = personKey(signature.signerId);
    const because: IgnoredBecause | null = signature.revoked
      ? 'revoked'
      : !bound(signature, context)
        ? 'stale'
        : person === lead
          ? 'lead_clinician'
          : !rule.roles.includes(signature.role)
            ? 'role_not_in_rule'
            : persons.has(person)
              ? 'same_person'
              : null;
    if (because) {
      ignored.push({ signature, because });
      continue;
    }
    persons.add(person);
    counted.push(signature);
  }
  const missing: string[] = [];
  if (counted.length < rule.signatures) {
    missing.push(`${rule.signatures - counted.length} more signature(s) from ${rule.roles.join(' or ')}.`);
  }
  for (const role of ROLES) {
    const minimum = rule.minimumPerRole?.[role] ?? 0;
    const have = counted.filter((s) => s.role === role).length;
    if (have < minimum) missing.push(`${minimum - have} more signature(s) from ${role}.`);
  }
  if (rule.independentReviewer && !counted.some((s) => !team.has(personKey(s.signerId)))) {
    missing.push('A signature from an independent reviewer outside the project team.');
  }
  return { met: missing.length === 0, counted, ignored, missing };
}

export type SignRefusal =
  | { code: 'signer_is_lead_clinician'; message: string }
  | { code: 'role_cannot_sign'; message: string }
  | { code: 'already_signed'; message: string; signatureId: string }
  | { code: 'rule_already_met'; message: string };

/**
 * Whether this person, signing in this role, may add a signature now: not the lead clinician, a role the rule
 * counts, not someone whose signature already stands (under any account), and the rule not yet met.
 */
export function refuseSignature(
  rule: ApprovalRule,
  signatures: readonly CollectedSignature[],
  context: SigningContext,
  signer: { id: string; role: Role },
): SignRefusal | null {
  const person = personKey(signer.id);
  if (person === personKey(context.leadClinicianId)) {
    return {
      code: 'signer_is_lead_clinician',
      message: "The lead clinician cannot sign this project's gate decisions.",
    };
  }
  if (!rule.roles.includes(signer.role)) {
    return {
      code: 'role_cannot_sign',
      message: `This gate counts signatures from ${rule.roles.join(', ')}, not ${signer.role}.`,
    };
  }
  const standing = signatures.find((s) => !s.revoked && bound(s, context) && personKey(s.signerId) === person);
  if (standing) {
    return {
      code: 'already_signed',
      message: 'This person has already signed this decision.',
      signatureId: standing.signatureId,
    };
  }
  if (evaluateApproval(rule, signatures, context).met) {
    return { code: 'rule_already_met', message: 'The decision already has every signature its rule asks for.' };
  }
  return null;
}

/** Why no set of people could ever meet the rule; empty when some could. */
export function ruleProblems(rule: ApprovalRule): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rule.signatures) || rule.signatures < 1 || rule.signatures > MAX_SIGNATURES) {
    problems.push(`asks for ${String(rule.signatures)} signatures; a rule asks for 1 to ${MAX_SIGNATURES}.`);
  }
  if (!Array.isArray(rule.roles) || rule.roles.length === 0) {
    problems.push('names no role that may sign.');
    return problems;
  }
  for (const role of rule.roles) {
    if (!(ROLES as readonly string[]).includes(role)) problems.push(`names an unknown role ${String(role)}.`);
    else if (!SIGNING_ROLES.includes(role)) problems.push(`names ${role}, a role that never signs gate decisions.`);
  }
  if (new Set(rule.roles).size !== rule.roles.length) problems.push('names a role twice.');
  const minimums = Object.entries(rule.minimumPerRole ?? {}) as [Role, number][];
  for (const [role, minimum] of minimums) {
    if (!rule.roles.includes(role)) problems.push(`asks for signatures from ${role}, a role it does not count.`);
    if (!Number.isInteger(minimum) || minimum < 1)
      problems.push(`asks for ${String(minimum)} signatures from ${role}.`);
  }
  const reserved = minimums.reduce((sum, [, minimum]) => sum + (Number.isInteger(minimum) ? minimum : 0), 0);
  if (reserved > rule.signatures) {
    problems.push(`asks for ${reserved} signatures by role but only ${rule.signatures} in all.`);
  }
  if (rule.independentReviewer) {
    // Only office or management people can sign from outside the team; slots kept for clinicians cannot be theirs.
    const independentSlots = rule.roles.some((r) => INDEPENDENT_ROLES.includes(r))
      ? rule.signatures - (rule.minimumPerRole?.clinician ?? 0)
      : 0;
    if (independentSlots < 1) {
      problems.push('asks for an independent reviewer, but no signature it counts can come from outside the team.');
    }
  }
  return problems;
}
