import { required, unique } from '../shared/rules';
import type { ProjectState } from '../state';
import type { InventionDisclosureRecorded, RecordInventionDisclosure } from './disclosures.payloads';

export function decideDisclosure(
  command: RecordInventionDisclosure,
  state: ProjectState,
): InventionDisclosureRecorded[] {
  unique(state.disclosures, 'invention_disclosure', command.data.disclosureId);
  required({ title: command.data.title, disclosedOn: command.data.disclosedOn });
  return [{ type: 'InventionDisclosureRecorded', data: command.data }];
}
