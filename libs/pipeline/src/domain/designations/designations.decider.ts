import { DomainError } from '../shared/errors';
import { requirePastDate, required, requireTarget, unique } from '../shared/rules';
import type { ProjectState } from '../state';
import { DESIGNATION_AUTHORITY } from './designations.payloads';
import type { DesignationCommand, DesignationGranted } from './designations.payloads';

export function decideDesignation(command: DesignationCommand, state: ProjectState): DesignationGranted[] {
  switch (command.type) {
    case 'RecordDesignation': {
      const d = command.data;
      unique(state.designations, 'designation', d.designationId);
      required({ reference: d.reference, grantedOn: d.grantedOn });
      const authority = Object.hasOwn(DESIGNATION_AUTHORITY, d.programme)
        ? DESIGNATION_AUTHORITY[d.programme]
        : undefined;
      if (!authority) {
        throw new DomainError('invalid_regulatory_target', `No designation programme ${d.programme}.`, {
          field: 'programme',
          programme: d.programme,
          allowed: Object.keys(DESIGNATION_AUTHORITY),
        });
      }
      requirePastDate('grantedOn', d.grantedOn, command.metadata.now);
      requireTarget(state.profile?.targets, authority);
      return [{ type: 'DesignationGranted', data: { ...d, reference: d.reference.trim(), authority } }];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`Unhandled command ${unhandled as string}`);
    }
  }
}
