// A template-bound project whose go collects several signatures, decided by the real `decide`: a signature
// collected, revoked, collected again, invalidated by a change to the record, and collected until the stage moves.
// Shared by the specs that need every event type in their corpus (the fold's version, the read models).
import { decide, evolve, initialState } from '..';
import type { Actor, ProjectCommand, ProjectEvent } from '..';
import { FIXED_MODEL } from '../templates/builtin';
import { OFFICE_AND_INDEPENDENT_REVIEWER } from '../templates/builtin/shared';

const OFFICE: Actor = { id: 'office-li', name: 'Li Na', role: 'innovation_office', account: 'office-li' };
const MANAGER: Actor = { id: 'mgr-wong', name: 'Wong Mei', role: 'management', account: 'mgr-wong' };

export function signatureHistory(projectId = 'prj-signatures'): ProjectEvent[] {
  let state = initialState();
  const events: ProjectEvent[] = [];
  let minute = 0;
  const run = (type: string, data: Record<string, unknown>, actor: Actor = OFFICE) => {
    const now = new Date(Date.parse('2026-01-05T08:00:00.000Z') + ++minute * 60_000).toISOString();
    const command = { type, data: { projectId, ...data }, metadata: { actor, now } } as unknown as ProjectCommand;
    for (const e of decide(command, state)) {
      state = evolve(state, e);
      events.push(e);
    }
  };
  const signature = (actor: Actor) => ({ signature: { meaning: 'approved to advance', printedName: actor.name } });
  run('ProposeProject', {
    title: 'Signed by a board',
    summary: 'A go that needs two signers',
    deviceType: 'sensor',
    riskClass: 'II',
    targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II', breakthrough: false, notifiedBody: null }],
    therapeuticArea: 'endocrinology',
    institution: 'Sixth Hospital',
    department: 'Endocrinology',
    leadClinician: { id: 'dr-chen', name: 'Dr. Chen Wei' },
    partners: [],
    template: {
      templateId: 'board_at_idea',
      version: 1,
      template: {
        ...FIXED_MODEL,
        templateId: 'board_at_idea',
        gates: FIXED_MODEL.gates.map((g) =>
          g.from === 'idea' ? { ...g, approval: OFFICE_AND_INDEPENDENT_REVIEWER } : g,
        ),
      },
    },
  });
  run('RecordInventionDisclosure', {
    disclosureId: 'dis-1',
    title: 'Disclosure',
    summary: 'What it is',
    inventors: ['Dr. Chen Wei'],
    disclosedOn: '2025-12-01',
  });
  run('AdvanceStage', { targetStage: null, ...signature(OFFICE) });
  run('RevokeGateSignature', { reason: 'Signed too early' });
  run('AdvanceStage', { targetStage: null, ...signature(OFFICE) });
  run('LogMilestone', {
    milestoneId: 'ms-1',
    title: 'Bench test',
    description: 'First light',
    occurredOn: '2025-12-20',
  });
  run('AdvanceStage', { targetStage: null, ...signature(OFFICE) });
  run('AdvanceStage', { targetStage: null, ...signature(MANAGER) }, MANAGER);
  return events;
}
