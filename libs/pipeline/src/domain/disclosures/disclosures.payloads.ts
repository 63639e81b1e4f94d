import type { Command, Event, OnProject, Tracked } from '../shared/shapes';

/** An invention disclosure, recorded on its own or carried by an idea until the idea is accepted. */
export interface InventionDisclosure {
  disclosureId: string;
  title: string;
  summary: string;
  inventors: string[];
  disclosedOn: string;
}

export type RecordInventionDisclosure = Command<'RecordInventionDisclosure', OnProject & InventionDisclosure>;
export type InventionDisclosureRecorded = Event<'InventionDisclosureRecorded', OnProject & InventionDisclosure>;

export interface DisclosureRecord extends Tracked, InventionDisclosure {}
