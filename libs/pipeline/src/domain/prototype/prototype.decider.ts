import { DomainError } from '../shared/errors';
import { notFound, notRetracted, required, unique } from '../shared/rules';
import type { ProjectState } from '../state';
import type {
  DesignReviewHeld,
  EthicsApprovalRecorded,
  PrototypeBuilt,
  PrototypeCommand,
  VerificationTestRecorded,
} from './prototype.payloads';

export function decidePrototype(
  command: PrototypeCommand,
  state: ProjectState,
): (PrototypeBuilt | VerificationTestRecorded | DesignReviewHeld | EthicsApprovalRecorded)[] {
  switch (command.type) {
    case 'RecordPrototypeBuilt': {
      const d = command.data;
      unique(state.prototypes, 'prototype', d.prototypeId);
      required({ version: d.version, builtOn: d.builtOn });
      const sameVersion = Object.values(state.prototypes).find((p) => !p.retracted && p.version === d.version);
      if (sameVersion) {
        throw new DomainError('prototype_version_exists', `Prototype version ${d.version} is already recorded.`, {
          version: d.version,
          prototypeId: sameVersion.prototypeId,
        });
      }
      return [{ type: 'PrototypeBuilt', data: d }];
    }
    case 'RecordVerificationTest': {
      const d = command.data;
      unique(state.verificationTests, 'verification_test', d.testId);
      required({ standard: d.standard, lab: d.lab, testedOn: d.testedOn });
      const prototype = state.prototypes[d.prototypeId];
      if (!prototype) throw notFound('prototype_not_found', 'prototype', d.prototypeId);
      notRetracted(prototype, 'prototype', d.prototypeId);
      return [{ type: 'VerificationTestRecorded', data: d }];
    }
    case 'RecordDesignReview':
      unique(state.designReviews, 'design_review', command.data.reviewId);
      required({ heldOn: command.data.heldOn });
      return [{ type: 'DesignReviewHeld', data: command.data }];
    case 'RecordEthicsApproval': {
      const d = command.data;
      unique(state.ethicsApprovals, 'ethics_approval', d.ethicsApprovalId);
      required({ committee: d.committee, reference: d.reference, approvedOn: d.approvedOn });
      return [{ type: 'EthicsApprovalRecorded', data: d }];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}
