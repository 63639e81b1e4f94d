import { availableEngines } from '@app/platform/testing';
import type { ProjectEvent } from '../../domain';
import { CLINICIAN, ProjectStory, ReadModelKit, startReadModelKit } from '../testing/read-model-test-kit';
import { inboxOf, markAllRead, markRead, Recipient, savePreferences } from './inbox';
import { signatureHistory } from '../../domain/testing/signature-history';
import { notificationId } from './notifications.projection';

const office: Recipient = { username: 'office-li', personId: 'office-li', role: 'innovation_office' };
const chen: Recipient = { username: 'dr-chen', personId: ' DR-Chen ', role: 'clinician' };
const sari: Recipient = { username: 'dr-sari', personId: 'dr-sari', role: 'clinician' };

function ideaSubmitted(projectId: string, by = { id: 'dr-sari', name: 'dr. Sari' }): ProjectEvent {
  return {
    type: 'IdeaSubmitted',
    data: {
      projectId,
      title: '<b>Alat bantu dengar</b>',
      clinicalNeed: 'Hearing aids cost a month of wages.',
      summary: 'A cheap one',
      deviceType: 'hearing aid',
      therapeuticArea: 'ent',
      institution: 'RS Wahidin',
      department: 'ENT',
      disclosure: null,
      submittedBy: by,
      submittedAt: '2026-01-02T00:00:00.000Z',
    },
  } as unknown as ProjectEvent;
}

describe.each(availableEngines())('notifications read model on %s', (engine) => {
  let kit: ReadModelKit;
  const p = new ProjectStory();
  const idea = new ProjectStory();
  const all = () => kit.rows<Record<string, unknown>>('SELECT id, kind, audience, people, title, event_id FROM notifications ORDER BY global_position, id');

  beforeAll(async () => {
    kit = await startReadModelKit(engine);
  }, 60_000);
  afterAll(() => kit.close());

  it('makes one notification per cause, for the team, the office or the submitter, with an id derived from the cause', async () => {
    await kit.append(p.projectId, [p.proposed()]);
    const [go] = await kit.append(p.projectId, [p.advanced('idea', 'patent', '2025-03-01T00:00:00.000Z')]);
    const [submitted] = await kit.append(idea.projectId, [ideaSubmitted(idea.projectId)]);
    const [declined] = await kit.append(idea.projectId, [{ type: 'IdeaDeclined', data: { projectId: idea.projectId, reason: 'Too close to another', declinedAt: '2026-01-03T00:00:00.000Z' } } as ProjectEvent]);
    await kit.settle();
    expect(await all()).toEqual([
      { id: notificationId(go.eventId, 'project', 'gate_decision'), kind: 'gate_decision', audience: 'project', people: ['dr-chen'], title: 'Gate decision on Non-invasive blood-glucose detector', event_id: go.eventId },
      { id: notificationId(submitted.eventId, 'role:innovation_office', 'idea_awaiting_screening'), kind: 'idea_awaiting_screening', audience: 'role:innovation_office', people: [], title: 'Idea awaiting screening: <b>Alat bantu dengar</b>', event_id: submitted.eventId },
      { id: notificationId(declined.eventId, 'person:dr-sari', 'idea_declined'), kind: 'idea_declined', audience: 'person:dr-sari', people: [], title: 'Your idea was declined: <b>Alat bantu dengar</b>', event_id: declined.eventId },
    ]);
  });

  it('answers each account its own inbox, unread first; reads are the account’s and survive a rebuild', async () => {
    const mine = await inboxOf(kit.t.db, chen, 1, 20);
    expect(mine).toMatchObject({ total: 1, unread: 1, items: [{ kind: 'gate_decision', readAt: null, projectId: p.projectId }] });
    expect((await inboxOf(kit.t.db, office, 1, 20)).items.map((n) => n.kind)).toEqual(['idea_awaiting_screening']);
    expect((await inboxOf(kit.t.db, sari, 1, 20)).items.map((n) => n.kind)).toEqual(['idea_declined']);
    // Nobody marks another account's notification.
    expect(await markRead(kit.t.db, sari, mine.items[0].id)).toBe(false);
    expect(await markRead(kit.t.db, chen, mine.items[0].id)).toBe(true);
    expect(await markRead(kit.t.db, chen, mine.items[0].id)).toBe(true);
    expect((await inboxOf(kit.t.db, chen, 1, 20)).unread).toBe(0);

    // A follower hears of the project's gate decisions; the kinds it turned off it does not see.
    expect((await inboxOf(kit.t.db, sari, 1, 20)).total).toBe(1);
    await savePreferences(kit.t.db, sari.username, { follows: [p.projectId] });
    expect((await inboxOf(kit.t.db, sari, 1, 20)).items.map((n) => [n.kind, n.readAt])).toEqual([
      ['idea_declined', null],
      ['gate_decision', null],
    ]);
    expect(await markAllRead(kit.t.db, sari)).toBe(2);
    await savePreferences(kit.t.db, sari.username, { kinds: ['gate_decision'] });
    expect((await inboxOf(kit.t.db, sari, 1, 20)).items.map((n) => n.kind)).toEqual(['gate_decision']);

    const before = await all();
    await kit.runner.rebuildAndWait('notifications');
    expect(await all()).toEqual(before);
    expect((await inboxOf(kit.t.db, chen, 1, 20)).unread).toBe(0);
  });

  it('addresses the project’s people at the time of the decision: someone added later does not hear of earlier ones', async () => {
    const [added] = await kit.append(p.projectId, [
      { type: 'TeamMemberAdded', data: { projectId: p.projectId, member: { id: 'dr-sari', name: 'dr. Sari' }, teamRole: 'clinician' } } as unknown as ProjectEvent,
      p.onHold('patent', '2025-04-01T00:00:00.000Z'),
    ]);
    await kit.settle();
    expect(added.type).toBe('TeamMemberAdded');
    const rows = await kit.rows<{ people: string[] }>("SELECT people FROM notifications WHERE kind = 'gate_decision' ORDER BY global_position");
    expect(rows.map((r) => r.people)).toEqual([[CLINICIAN.id], ['dr-chen', 'dr-sari']]);
  });

  it('a go collecting signatures: each signature, withdrawal and invalidation reaches the team and the office', async () => {
    const signing = new ProjectStory();
    const appended = await kit.append(signing.projectId, signatureHistory(signing.projectId));
    await kit.settle();
    const rows = await kit.rows<{ audience: string; body: string; event_id: string }>(
      `SELECT audience, body, event_id FROM notifications WHERE title = 'Signatures on Signed by a board' ORDER BY global_position, audience`,
    );
    const typeOf = new Map(appended.map((e) => [e.eventId, e.type]));
    expect(rows.map((r) => [typeOf.get(r.event_id), r.audience])).toEqual(
      ['GateSignatureCollected', 'GateSignatureRevoked', 'GateSignatureCollected', 'GateSignaturesInvalidated', 'GateSignatureCollected'].flatMap(
        (type) => [
          [type, 'project'],
          [type, 'role:innovation_office'],
        ],
      ),
    );
    expect(rows[0].body).toBe('Li Na signed the go idea → patent. Still needed: 1 more signature(s) from innovation_office or management.');
    expect(rows[2].body).toBe('Li Na withdrew their signature on the go idea → patent. Reason: Signed too early');
    expect(rows[6].body).toMatch(/^1 signature\(s\) on the go idea → patent no longer stand: the record changed \(MilestoneLogged\)/);
  });
});
