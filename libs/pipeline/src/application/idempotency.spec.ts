import type { RecordedEvent } from '@app/event-store';
import { ProblemError } from '@app/platform';
import type { Actor } from '../domain';
import type { ProjectCommandInput } from './execute-project-command.command';
import { assertSameRequest, idempotencyOf } from './idempotency';
import { requestHash } from './request-context';

const actor = (account?: string): Actor => ({ id: 'office-li', name: 'Li Na', role: 'innovation_office', ...(account ? { account } : {}) });
const milestone = { type: 'LogMilestone', data: { projectId: 'p-1', title: 'Bench' } } as unknown as ProjectCommandInput;
const recorded = (idempotency: unknown) => [{ metadata: { idempotency } } as unknown as RecordedEvent];

describe('idempotency keys', () => {
  it('scopes a key to its account, so two accounts never share one; a ":" in an account cannot fake another scope', () => {
    const key = (account: string | undefined, k: string) => idempotencyOf(milestone, { actor: actor(account), requestId: 'r', idempotencyKey: k }, undefined)!.storeKey;
    expect(key('office-li', 'k-1')).toBe('office-li:k-1');
    expect(key('dr-chen', 'k-1')).not.toBe(key('office-li', 'k-1'));
    expect(key('a:b', 'c')).not.toBe(key('a', 'b:c'));
    // In-process callers without an account (the demo seed) keep their keys as they are.
    expect(key(undefined, 'demo-seed:glucose:1')).toBe('demo-seed:glucose:1');
  });

  it('hashes the request as sent, in any key order, and never the signature’s password or token', () => {
    const hash = (body: unknown) => requestHash({ method: 'POST', originalUrl: '/projects/p-1/gate-decisions?x=1', body });
    const signed = { decision: 'hold', reason: 'r', signature: { meaning: 'pause', printedName: 'Li Na', password: 'secret-1' } };
    expect(hash(signed)).toBe(hash({ signature: { password: 'other', printedName: 'Li Na', meaning: 'pause' }, reason: 'r', decision: 'hold' }));
    expect(hash(signed)).not.toBe(hash({ ...signed, reason: 'another' }));
    expect(requestHash({ method: 'POST', originalUrl: '/projects/p-2/gate-decisions', body: signed })).not.toBe(hash(signed));
  });

  it('answers a different request under a used key with 422 idempotency_key_reused, and accepts events written before fingerprints', () => {
    const mine = idempotencyOf(milestone, { actor: actor('office-li'), requestId: 'r', idempotencyKey: 'k', requestHash: 'sha256:a' }, undefined)!;
    expect(() => assertSameRequest(recorded(mine.record), mine)).not.toThrow();
    expect(() => assertSameRequest(recorded(undefined), mine)).not.toThrow();
    for (const other of [{ ...mine.record, requestHash: 'sha256:b' }, { ...mine.record, command: 'KillProject' }]) {
      let thrown: unknown;
      try {
        assertSameRequest(recorded(other), mine);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ProblemError);
      expect((thrown as ProblemError).problem).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    }
  });
});
