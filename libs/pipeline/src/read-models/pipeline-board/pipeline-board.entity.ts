import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of the board: where one project is now. Written only by pipelineBoardProjection. */
@Entity({ name: 'pipeline_board' })
export class PipelineBoardEntity {
  @PrimaryColumn('uuid', { name: 'project_id' }) projectId: string;
  @Column('text') title: string;
  @Column('text') stage: string;
  @Column('text') status: string;
  @Column('text') institution: string;
  @Column('text') department: string;
  @Column('text', { name: 'device_type' }) deviceType: string;
  @Column('text', { name: 'risk_class' }) riskClass: string;
  @Column('text', { array: true }) authorities: string[];
  @Column('text', { name: 'therapeutic_area' }) therapeuticArea: string;
  @Column('text', { name: 'lead_clinician_id' }) leadClinicianId: string;
  @Column('text', { name: 'lead_clinician_name' }) leadClinicianName: string;
  @Column('timestamptz', { name: 'proposed_at' }) proposedAt: Date;
  @Column('timestamptz', { name: 'stage_entered_at' }) stageEnteredAt: Date;
  @Column('timestamptz', { name: 'last_event_at' }) lastEventAt: Date;
  @Column('uuid', { name: 'last_event_id' }) lastEventId: string;
  @Column('bigint', { name: 'last_position' }) lastPosition: string;
  @Column('integer') revision: number;
}
