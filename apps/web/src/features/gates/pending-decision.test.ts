import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLanguage } from '../../i18n';
import type { Me } from '../../auth/session';
import type { ProjectView } from '../projects/project-queries';
import { maySignUnder, missingWords, shortHash } from './pending-decision';

const translate = i18n.t as unknown as (key: string, options: Record<string, unknown>) => string;
const t = (key: string, options?: Record<string, unknown>) => translate(key, { ns: 'gates', ...options });
const me = (id: string, role: Me['actor']['role']): Me => ({ username: id, actor: { id, name: id, role }, mode: 'builtin', mustChangePassword: false });
const project = {
  team: [
    { id: 'dr-chen', teamRole: 'lead_clinician', active: true },
    { id: 'dr-lim', teamRole: 'co_investigator', active: true },
    { id: 'dr-gone', teamRole: 'co_investigator', active: false },
  ],
} as unknown as ProjectView;
const rule = { signatures: 3, roles: ['innovation_office', 'clinician', 'management'], minimumPerRole: { clinician: 1 }, independentReviewer: true };
const signature = (signerId: string, role: 'innovation_office' | 'clinician' | 'management', independent: boolean) => ({
  signatureRevision: 1, signerId, printedName: signerId, role, meaning: 'approved', signedAt: '2026-05-01T10:00:00Z', signedRevision: 1, independent,
});

describe('signing a go that collects several signatures', () => {
  afterEach(() => setLanguage('en', false));

  it('offers Sign to the roles the rule counts, clinicians only on the team, never the lead clinician', () => {
    expect(maySignUnder(me('office-li', 'innovation_office'), rule, project)).toBe(true);
    expect(maySignUnder(me('mgr-wong', 'management'), rule, project)).toBe(true);
    expect(maySignUnder(me('Dr-Lim', 'clinician'), rule, project)).toBe(true);
    expect(maySignUnder(me('dr-chen', 'clinician'), rule, project)).toBe(false);
    expect(maySignUnder(me('dr-gone', 'clinician'), rule, project)).toBe(false);
    expect(maySignUnder(me('dr-other', 'clinician'), rule, project)).toBe(false);
    expect(maySignUnder(me('mgr-wong', 'management'), { ...rule, roles: ['innovation_office'] }, project)).toBe(false);
    expect(maySignUnder(me('ops-root', 'admin'), rule, project)).toBe(false);
  });

  it('says what the rule still lacks, one signature per person', () => {
    expect(missingWords(rule, [signature('office-li', 'innovation_office', true)], t)).toEqual([
      '2 more signatures from innovation office or clinician or management',
      'at least 1 more from clinician',
    ]);
    expect(missingWords(rule, [signature('dr-lim', 'clinician', false), signature('DR-LIM', 'clinician', false)], t)).toEqual([
      '2 more signatures from innovation office or clinician or management',
      'a signer from outside the project team (independent reviewer)',
    ]);
    expect(missingWords({ ...rule, signatures: 1 }, [signature('dr-lim', 'clinician', true)], t)).toEqual([]);
  });

  it('says it in Chinese too', async () => {
    await setLanguage('zh-CN', false);
    expect(missingWords({ signatures: 2, roles: ['innovation_office', 'management'], independentReviewer: false }, [signature('office-li', 'innovation_office', true)], t)).toEqual(['还需 1 个来自创新办公室或管理层的签名']);
  });

  it('shortens a content hash for the eye', () => {
    expect(shortHash(`sha256:${'ab'.repeat(32)}`)).toBe('sha256:abababababab…');
    expect(shortHash(undefined)).toBe('—');
  });
});
