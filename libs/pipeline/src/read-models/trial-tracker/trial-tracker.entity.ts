import { Column, Entity, PrimaryColumn, ValueTransformer } from 'typeorm';

// bigint comes back from pg as a decimal string; the projection keeps counts within Number.MAX_SAFE_INTEGER.
const COUNT: ValueTransformer = { to: (value: unknown) => value, from: (value: unknown) => (value === null ? null : Number(value)) };

@Entity({ name: 'trial_tracker' })
export class TrialTrackerEntity {
  @PrimaryColumn('text', { name: 'trial_id' }) trialId: string;
  @Column('uuid', { name: 'project_id' }) projectId: string;
  @Column('text') title: string;
  @Column('text') registry: string;
  @Column('text', { name: 'registry_id' }) registryId: string;
  @Column('bigint', { name: 'target_enrolment', transformer: COUNT }) targetEnrolment: number;
  @Column('bigint', { transformer: COUNT }) enrolled: number;
  @Column('text') status: string;
  @Column('text', { name: 'registered_on' }) registeredOn: string;
  @Column('text', { name: 'first_patient_in_on', nullable: true }) firstPatientInOn: string | null;
  @Column('text', { name: 'completed_on', nullable: true }) completedOn: string | null;
  @Column('boolean', { name: 'primary_endpoint_met', nullable: true }) primaryEndpointMet: boolean | null;
  @Column('text', { name: 'result_summary', nullable: true }) resultSummary: string | null;
  @Column('boolean') retracted: boolean;
  @Column('uuid', { name: 'registered_event_id' }) registeredEventId: string;
  @Column('uuid', { name: 'last_event_id' }) lastEventId: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
