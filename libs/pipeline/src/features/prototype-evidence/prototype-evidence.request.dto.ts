import { IsoDate, OneOf, RecordId, Text } from '@app/platform';
import { DESIGN_REVIEW_OUTCOMES, TEST_RESULTS } from '../../domain';
import type { DesignReviewOutcome, TestResult } from '../../domain';

const MADE_BY_SERVER = { description: 'Made by the server when left out' };

export class RecordPrototypeBuiltRequest {
  @RecordId(MADE_BY_SERVER) prototypeId?: string;
  @Text({ max: 64, example: 'v0.3' }) version: string;
  @Text({ max: 4000, example: 'Wrist-worn housing, second optical path' }) description: string;
  @IsoDate() builtOn: string;
}

export class RecordVerificationTestRequest {
  @RecordId(MADE_BY_SERVER) testId?: string;
  @RecordId({ optional: false, description: 'The prototype tested' }) prototypeId: string;
  @Text({ max: 200, example: 'ISO 10993-5' }) standard: string;
  @Text({ max: 200, example: 'Shanghai Testing & Inspection Institute for Medical Devices' }) lab: string;
  @OneOf(TEST_RESULTS) result: TestResult;
  @IsoDate() testedOn: string;
  @Text({ max: 200, example: 'SHTI-2026-0415' }) reportReference: string;
  // The lab's accreditation, when known (a test report is only as good as the lab's).
  @Text({ optional: true, max: 64, example: 'CNAS L0123', description: 'CNAS accreditation number' }) cnasNumber?: string;
  @Text({ optional: true, max: 64, example: '201901234567', description: 'CMA (China Inspection Body and Laboratory Mandatory Approval) number' })
  cmaNumber?: string;
  @Text({ optional: true, max: 64, example: 'A2LA 1234.01', description: 'ISO/IEC 17025 accreditation number from another body' })
  iso17025Number?: string;
}

export class RecordDesignReviewRequest {
  @RecordId(MADE_BY_SERVER) reviewId?: string;
  @IsoDate() heldOn: string;
  @OneOf(DESIGN_REVIEW_OUTCOMES) outcome: DesignReviewOutcome;
  @Text({ max: 4000, example: 'Design inputs traced to outputs; two minor actions.' }) summary: string;
}

export class RecordEthicsApprovalRequest {
  @RecordId(MADE_BY_SERVER) ethicsApprovalId?: string;
  @Text({ max: 200, example: 'Ethics Committee of Shanghai Sixth People’s Hospital' }) committee: string;
  @Text({ max: 200, example: '2026-KY-031' }) reference: string;
  @IsoDate() approvedOn: string;
}
