import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'patent_register' })
export class PatentRegisterEntity {
  @PrimaryColumn('text', { name: 'patent_id' }) patentId: string;
  @Column('uuid', { name: 'project_id' }) projectId: string;
  @Column('text') title: string;
  @Column('text') jurisdiction: string;
  @Column('text') kind: string;
  @Column('text', { name: 'application_number' }) applicationNumber: string;
  @Column('text', { name: 'filed_on' }) filedOn: string;
  @Column('text') status: string;
  @Column('text', { name: 'publication_number', nullable: true }) publicationNumber: string | null;
  @Column('text', { name: 'published_on', nullable: true }) publishedOn: string | null;
  @Column('text', { name: 'patent_number', nullable: true }) patentNumber: string | null;
  @Column('text', { name: 'granted_on', nullable: true }) grantedOn: string | null;
  @Column('text', { name: 'abandoned_on', nullable: true }) abandonedOn: string | null;
  @Column('text', { name: 'abandon_reason', nullable: true }) abandonReason: string | null;
  @Column('boolean') retracted: boolean;
  @Column('uuid', { name: 'filed_event_id' }) filedEventId: string;
  @Column('uuid', { name: 'last_event_id' }) lastEventId: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
