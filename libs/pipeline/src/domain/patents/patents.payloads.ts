import type { Command, Event, OnProject, Tracked } from '../shared/shapes';

export const PATENT_KINDS = ['invention', 'utility_model', 'design', 'provisional', 'pct'] as const;
export type PatentKind = (typeof PATENT_KINDS)[number];

export interface PatentFiling {
  patentId: string;
  title: string;
  /** Patent office code, e.g. 'CN', 'US', 'EP', 'SG', 'WO'. */
  jurisdiction: string;
  kind: PatentKind;
  applicationNumber: string;
  filedOn: string;
}
export interface PatentPublication {
  patentId: string;
  publicationNumber: string;
  publishedOn: string;
}
export interface PatentGrant {
  patentId: string;
  patentNumber: string;
  grantedOn: string;
}
export interface PatentAbandonment {
  patentId: string;
  abandonedOn: string;
  reason: string;
}

export type FilePatent = Command<'FilePatent', OnProject & PatentFiling>;
export type RecordPatentPublished = Command<'RecordPatentPublished', OnProject & PatentPublication>;
export type RecordPatentGranted = Command<'RecordPatentGranted', OnProject & PatentGrant>;
export type AbandonPatent = Command<'AbandonPatent', OnProject & PatentAbandonment>;
export type PatentCommand = FilePatent | RecordPatentPublished | RecordPatentGranted | AbandonPatent;

export type PatentFiled = Event<'PatentFiled', OnProject & PatentFiling>;
export type PatentPublished = Event<'PatentPublished', OnProject & PatentPublication>;
export type PatentGranted = Event<'PatentGranted', OnProject & PatentGrant>;
export type PatentAbandoned = Event<'PatentAbandoned', OnProject & PatentAbandonment>;

export type PatentStatus = 'filed' | 'published' | 'granted' | 'abandoned';
export interface PatentRecord extends Tracked, PatentFiling {
  status: PatentStatus;
  publicationNumber: string | null;
  publishedOn: string | null;
  patentNumber: string | null;
  grantedOn: string | null;
  abandonedOn: string | null;
  abandonReason: string | null;
}
