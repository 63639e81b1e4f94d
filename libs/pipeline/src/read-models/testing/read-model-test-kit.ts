import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrateEventStore, migrateProjections, PostgresEventStore, ProjectionRunner } from '@app/event-store';
import type { EventActor, ProjectionRunnerOptions, RecordedEvent } from '@app/event-store';
import { typeormDriverFor } from '@app/platform';
import { createTestDatabase, TestDatabase, TestEngine } from '@app/platform/testing';
import { projectStreamId } from '../../application/project-stream';
import { EVENT_SCHEMA_VERSION, ProjectEvent, Stage } from '../../domain';
import { PIPELINE_PROJECTIONS } from '../read-model.projections';
import { migrateReadModels } from '../read-models.migrations';
import { READ_MODEL_ENTITIES } from '../read-models.module';

export const OFFICE: EventActor = { id: 'office-li', name: 'Li Na', role: 'innovation_office' };
export const CLINICIAN: EventActor = { id: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician' };

export interface ReadModelKit {
  t: TestDatabase;
  store: PostgresEventStore;
  runner: ProjectionRunner;
  ds: DataSource;
  /** Appends domain events to a project's stream (any revision). */
  append(projectId: string, events: ProjectEvent[], options?: { actor?: EventActor; occurredAt?: string }): Promise<RecordedEvent[]>;
  /** Resolves once every projection has applied everything committed so far. */
  settle(): Promise<void>;
  rows<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  newRunner(options?: ProjectionRunnerOptions): ProjectionRunner;
  close(): Promise<void>;
}

/** A fresh database with the event store, checkpoints and read models migrated, and a started runner. */
export async function startReadModelKit(engine: TestEngine, options: { start?: boolean; runner?: ProjectionRunnerOptions } = {}): Promise<ReadModelKit> {
  const t = await createTestDatabase(engine);
  await migrateEventStore(t.db);
  await migrateProjections(t.db);
  await migrateReadModels(t.db);
  const store = new PostgresEventStore(t.db, { notifications: false });
  const newRunner = (o?: ProjectionRunnerOptions) =>
    new ProjectionRunner(t.db, store, PIPELINE_PROJECTIONS, { pollIntervalMs: 20, lockRetryMs: 200, ...o });
  const runner = newRunner(options.runner);
  if (options.start !== false) await runner.start();
  const ds = new DataSource({ type: 'postgres', driver: typeormDriverFor(t.db), entities: READ_MODEL_ENTITIES, installExtensions: false });
  await ds.initialize();
  return {
    t,
    store,
    runner,
    ds,
    async append(projectId, events, o = {}) {
      const result = await store.append(
        projectStreamId(projectId),
        events.map((e) => ({
          eventId: randomUUID(),
          type: e.type,
          schemaVersion: EVENT_SCHEMA_VERSION[e.type],
          data: e.data,
          metadata: {
            occurredAt: o.occurredAt ?? worldTime(e) ?? new Date().toISOString(),
            actor: o.actor ?? OFFICE,
            ...((e.data as { reason?: unknown }).reason ? { reason: String((e.data as { reason?: unknown }).reason) } : {}),
          },
        })),
        { expectedRevision: 'any' },
      );
      return result.events;
    },
    async settle() {
      const head = await store.headPosition();
      if (head > 0 && !(await runner.waitFor(head, 10_000))) throw new Error(`projections did not reach ${head}`);
    },
    async rows<R>(sql: string, params: unknown[] = []) {
      return (await t.db.query<R>(sql, params)).rows;
    },
    newRunner,
    async close() {
      await runner.stop();
      await ds.destroy();
      await t.drop();
    },
  };
}

/** Events of one project, told as a story; times default to a fixed calendar so tests can reason about days. */
export class ProjectStory {
  constructor(readonly projectId: string = randomUUID()) {}

  proposed(overrides: Partial<Extract<ProjectEvent, { type: 'ProjectProposed' }>['data']> = {}): ProjectEvent {
    return {
      type: 'ProjectProposed',
      data: {
        projectId: this.projectId,
        title: 'Non-invasive blood-glucose detector',
        summary: 'Optical glucose sensing through the fingertip',
        deviceType: 'glucose monitor',
        riskClass: 'III',
        targets: [
          { authority: 'NMPA', pathway: 'registration', deviceClass: 'III', breakthrough: false, notifiedBody: null },
          { authority: 'FDA', pathway: 'pma', deviceClass: 'III', breakthrough: true, notifiedBody: null },
        ],
        therapeuticArea: 'endocrinology',
        institution: 'Shanghai Sixth People’s Hospital',
        department: 'Endocrinology',
        leadClinician: { id: CLINICIAN.id, name: CLINICIAN.name },
        partners: [],
        proposedAt: '2025-01-01T00:00:00.000Z',
        ...overrides,
      },
    };
  }

  private gate(type: 'StageAdvanced' | 'ProjectKilled' | 'ProjectPutOnHold' | 'ProjectResumed' | 'ProjectRecycled', from: Stage, to: Stage, at: string, reason: string | null): ProjectEvent {
    const decision = { StageAdvanced: 'go', ProjectKilled: 'kill', ProjectPutOnHold: 'hold', ProjectResumed: 'resume', ProjectRecycled: 'recycle' }[type];
    return {
      type,
      data: {
        projectId: this.projectId,
        fromStage: from,
        toStage: to,
        decision,
        reason,
        evidence: [],
        signature: { signerId: OFFICE.id, printedName: OFFICE.name, role: 'innovation_office', meaning: 'approved to advance', signedAt: at, signedRevision: 0 },
      },
    } as unknown as ProjectEvent;
  }

  advanced(from: Stage, to: Stage, at: string): ProjectEvent {
    return this.gate('StageAdvanced', from, to, at, null);
  }
  killed(stage: Stage, at: string, reason = 'Accuracy target unreachable'): ProjectEvent {
    return this.gate('ProjectKilled', stage, stage, at, reason);
  }
  onHold(stage: Stage, at: string, reason = 'Partner funding round delayed'): ProjectEvent {
    return this.gate('ProjectPutOnHold', stage, stage, at, reason);
  }
  resumed(stage: Stage, at: string): ProjectEvent {
    return this.gate('ProjectResumed', stage, stage, at, null);
  }
  recycled(from: Stage, to: Stage, at: string, reason = 'Redesign after the trial'): ProjectEvent {
    return this.gate('ProjectRecycled', from, to, at, reason);
  }

  patentFiled(patentId: string, filedOn = '2025-02-01'): ProjectEvent {
    return {
      type: 'PatentFiled',
      data: { projectId: this.projectId, patentId, title: 'Glucose measurement device', jurisdiction: 'CN', kind: 'invention', applicationNumber: `CN${patentId}`, filedOn },
    };
  }
  patentGranted(patentId: string, grantedOn = '2026-01-10'): ProjectEvent {
    return { type: 'PatentGranted', data: { projectId: this.projectId, patentId, patentNumber: `ZL${patentId}`, grantedOn } };
  }
  trialRegistered(trialId: string, targetEnrolment = 100): ProjectEvent {
    return {
      type: 'TrialRegistered',
      data: { projectId: this.projectId, trialId, title: 'Pivotal accuracy study', registry: 'ChiCTR', registryId: `ChiCTR-${trialId}`, targetEnrolment, registeredOn: '2025-06-01' },
    };
  }
  firstPatientIn(trialId: string): ProjectEvent {
    return { type: 'FirstPatientEnrolled', data: { projectId: this.projectId, trialId, occurredOn: '2025-07-01' } };
  }
  enrolment(trialId: string, enrolled: number, targetEnrolment = 100): ProjectEvent {
    return { type: 'EnrolmentUpdated', data: { projectId: this.projectId, trialId, enrolled, targetEnrolment, overTarget: enrolled > targetEnrolment, asOf: '2025-08-01' } };
  }
  trialCompleted(trialId: string, primaryEndpointMet: boolean): ProjectEvent {
    return { type: 'TrialCompleted', data: { projectId: this.projectId, trialId, completedOn: '2025-12-01', primaryEndpointMet, resultSummary: 'MARD 9.1%' } };
  }
  corrected(kind: 'project' | 'patent' | 'trial', id: string, field: string, oldValue: string | number | boolean, newValue: string | number | boolean): ProjectEvent {
    return { type: 'RecordCorrected', data: { projectId: this.projectId, target: { kind, id }, field, oldValue, newValue, reason: 'Transcribed wrongly' } };
  }
  retracted(kind: 'patent' | 'trial', id: string): ProjectEvent {
    return { type: 'RecordRetracted', data: { projectId: this.projectId, target: { kind, id }, reason: 'Entered on the wrong project' } };
  }
  milestone(title: string): ProjectEvent {
    return {
      type: 'MilestoneLogged',
      data: { projectId: this.projectId, milestoneId: randomUUID(), title, description: title, occurredOn: '2025-03-01', loggedBy: CLINICIAN.id },
    };
  }
}

// The stories give proposals and gate decisions their own calendar times; as the API does, those are the
// events' occurredAt, which the read models measure stages by.
function worldTime(event: ProjectEvent): string | undefined {
  const data = event.data as { proposedAt?: string; signature?: { signedAt?: string } };
  return data.proposedAt ?? data.signature?.signedAt;
}
