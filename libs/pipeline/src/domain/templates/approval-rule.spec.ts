// Approval rules over collected signatures: N of M roles, per-role minimums, an independent reviewer, one person
// once whatever accounts they hold, revoked and stale signatures not counted, the lead clinician never.
import { CollectedSignature, evaluateApproval, refuseSignature, ruleProblems, SigningContext } from './approval-rule';
import type { ApprovalRule } from './template.model';

const context: SigningContext = {
  revision: 41,
  contentHash: 'hash-41',
  leadClinicianId: 'dr-chen',
  team: ['dr-chen', 'dr-tan', 'u-li'],
};
let n = 0;
const sig = (
  signerId: string,
  role: CollectedSignature['role'],
  over: Partial<CollectedSignature> = {},
): CollectedSignature => ({
  signatureId: `sig-${++n}`,
  signerId,
  role,
  signedRevision: 41,
  contentHash: 'hash-41',
  revoked: false,
  ...over,
});

const twoOfOfficeOrManagement: ApprovalRule = {
  signatures: 2,
  roles: ['innovation_office', 'management'],
  independentReviewer: false,
};
const board: ApprovalRule = {
  signatures: 3,
  roles: ['innovation_office', 'clinician', 'management'],
  minimumPerRole: { innovation_office: 1, clinician: 1 },
  independentReviewer: true,
};

describe('evaluateApproval', () => {
  it('N of M roles: met with two signers from the named roles, not with one', () => {
    expect(evaluateApproval(twoOfOfficeOrManagement, [sig('u-li', 'innovation_office')], context)).toMatchObject({
      met: false,
      missing: ['1 more signature(s) from innovation_office or management.'],
    });
    expect(
      evaluateApproval(
        twoOfOfficeOrManagement,
        [sig('u-li', 'innovation_office'), sig('u-zhao', 'management')],
        context,
      ).met,
    ).toBe(true);
  });

  it('a role the rule does not name does not count', () => {
    const outcome = evaluateApproval(
      twoOfOfficeOrManagement,
      [sig('u-li', 'innovation_office'), sig('dr-tan', 'clinician')],
      context,
    );
    expect(outcome.met).toBe(false);
    expect(outcome.ignored).toEqual([
      { signature: expect.objectContaining({ signerId: 'dr-tan' }), because: 'role_not_in_rule' },
    ]);
  });

  it('one person counts once, whatever accounts (and however their id is typed)', () => {
    const outcome = evaluateApproval(
      twoOfOfficeOrManagement,
      [sig('u-zhao', 'management'), sig(' U-ZHAO', 'innovation_office')],
      context,
    );
    expect(outcome).toMatchObject({ met: false, counted: [expect.objectContaining({ role: 'management' })] });
    expect(outcome.ignored[0].because).toBe('same_person');
  });

  it('revoked signatures do not count', () => {
    const outcome = evaluateApproval(
      twoOfOfficeOrManagement,
      [sig('u-li', 'innovation_office'), sig('u-zhao', 'management', { revoked: true })],
      context,
    );
    expect(outcome.met).toBe(false);
    expect(outcome.ignored[0].because).toBe('revoked');
  });

  it('a signature bound to another revision or content hash does not count (the evidence changed under it)', () => {
    const stale = [
      sig('u-li', 'innovation_office', { signedRevision: 40 }),
      sig('u-zhao', 'management', { contentHash: 'hash-other' }),
    ];
    const outcome = evaluateApproval(twoOfOfficeOrManagement, stale, context);
    expect(outcome.counted).toEqual([]);
    expect(outcome.ignored.map((i) => i.because)).toEqual(['stale', 'stale']);
  });

  it('the lead clinician never counts, under any account', () => {
    const outcome = evaluateApproval(
      twoOfOfficeOrManagement,
      [sig('u-li', 'innovation_office'), sig('DR-CHEN', 'management')],
      context,
    );
    expect(outcome.met).toBe(false);
    expect(outcome.ignored[0].because).toBe('lead_clinician');
  });

  it('per-role minimums and an independent reviewer outside the team', () => {
    // Three signers, but all on the team: no independent reviewer.
    const team = [sig('u-li', 'innovation_office'), sig('dr-tan', 'clinician'), sig('u-wu', 'innovation_office')];
    expect(evaluateApproval(board, team, { ...context, team: [...context.team, 'u-wu'] })).toMatchObject({
      met: false,
      missing: ['A signature from an independent reviewer outside the project team.'],
    });
    // u-wu is not on the team: independent.
    expect(evaluateApproval(board, team, context).met).toBe(true);
    // No clinician: the minimum is missing even with three signers.
    expect(
      evaluateApproval(
        board,
        [sig('u-li', 'innovation_office'), sig('u-wu', 'innovation_office'), sig('u-zhao', 'management')],
        context,
      ),
    ).toMatchObject({
      met: false,
      missing: ['1 more signature(s) from clinician.'],
    });
  });
});

describe('refuseSignature', () => {
  const signer = (id: string, role: CollectedSignature['role']) => ({ id, role });

  it('refuses the same person twice, under another account', () => {
    expect(
      refuseSignature(
        twoOfOfficeOrManagement,
        [sig('u-zhao', 'management')],
        context,
        signer('u-zhao', 'innovation_office'),
      ),
    ).toMatchObject({
      code: 'already_signed',
    });
  });

  it('lets a person sign again after revoking, and after the evidence changed', () => {
    expect(
      refuseSignature(
        twoOfOfficeOrManagement,
        [sig('u-zhao', 'management', { revoked: true })],
        context,
        signer('u-zhao', 'management'),
      ),
    ).toBeNull();
    expect(
      refuseSignature(
        twoOfOfficeOrManagement,
        [sig('u-zhao', 'management', { signedRevision: 12 })],
        context,
        signer('u-zhao', 'management'),
      ),
    ).toBeNull();
  });

  it('refuses the lead clinician, a role the rule does not count, and a rule already met', () => {
    expect(refuseSignature(twoOfOfficeOrManagement, [], context, signer('dr-chen', 'innovation_office'))?.code).toBe(
      'signer_is_lead_clinician',
    );
    expect(refuseSignature(twoOfOfficeOrManagement, [], context, signer('dr-tan', 'clinician'))?.code).toBe(
      'role_cannot_sign',
    );
    const met = [sig('u-li', 'innovation_office'), sig('u-zhao', 'management')];
    expect(refuseSignature(twoOfOfficeOrManagement, met, context, signer('u-wu', 'innovation_office'))?.code).toBe(
      'rule_already_met',
    );
  });
});

describe('ruleProblems', () => {
  it('finds none in rules people can meet', () => {
    expect(ruleProblems(twoOfOfficeOrManagement)).toEqual([]);
    expect(ruleProblems(board)).toEqual([]);
  });

  it('names what no one could ever meet', () => {
    expect(ruleProblems({ signatures: 13, roles: ['innovation_office'], independentReviewer: false })).toHaveLength(1);
    expect(
      ruleProblems({ signatures: 1, roles: ['innovation_office', 'innovation_office'], independentReviewer: false }),
    ).toEqual(['names a role twice.']);
    expect(ruleProblems({ signatures: 1, roles: ['clinician'], independentReviewer: true })).toEqual([
      'asks for an independent reviewer, but no signature it counts can come from outside the team.',
    ]);
  });
});
