import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'idea_register' })
export class IdeaRegisterEntity {
  @PrimaryColumn('uuid', { name: 'project_id' }) projectId: string;
  @Column('text') title: string;
  @Column('text', { name: 'clinical_need' }) clinicalNeed: string;
  @Column('text', { name: 'device_type' }) deviceType: string;
  @Column('text', { name: 'therapeutic_area' }) therapeuticArea: string;
  @Column('text') institution: string;
  @Column('text') department: string;
  @Column('text', { name: 'submitted_by_id' }) submittedById: string;
  @Column('text', { name: 'submitted_by_name' }) submittedByName: string;
  @Column('text') status: string;
  @Column('bigint') submissions: string | number;
  @Column('timestamptz', { name: 'first_submitted_at' }) firstSubmittedAt: Date;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  @Column('timestamptz', { name: 'screened_at', nullable: true }) screenedAt: Date | null;
  @Column('text', { name: 'screening_reason', nullable: true }) screeningReason: string | null;
  @Column('text', { name: 'screened_by_name', nullable: true }) screenedByName: string | null;
  @Column('uuid', { name: 'last_event_id' }) lastEventId: string;
  @Column('bigint', { name: 'last_position' }) lastPosition: string | number;
}
