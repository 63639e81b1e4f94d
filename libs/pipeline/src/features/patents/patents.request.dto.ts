import { IsoDate, OneOf, RecordId, Text } from '@app/platform';
import { PATENT_KINDS } from '../../domain';
import type { PatentKind } from '../../domain';

export class FilePatentRequest {
  @RecordId({ description: 'Made by the server when left out' }) patentId?: string;
  @Text({ max: 500, example: 'Non-invasive optical glucose measurement device' }) title: string;
  @Text({ max: 8, example: 'CN', description: "Patent office code: 'CN', 'US', 'EP', 'SG', 'WO', …" }) jurisdiction: string;
  @OneOf(PATENT_KINDS) kind: PatentKind;
  @Text({ max: 64, example: 'CN202610123456.7' }) applicationNumber: string;
  @IsoDate() filedOn: string;
}

export class RecordPatentPublishedRequest {
  @Text({ max: 64, example: 'CN116123456A' }) publicationNumber: string;
  @IsoDate() publishedOn: string;
}

export class RecordPatentGrantedRequest {
  @Text({ max: 64, example: 'ZL202610123456.7' }) patentNumber: string;
  @IsoDate() grantedOn: string;
}

export class AbandonPatentRequest {
  @IsoDate() abandonedOn: string;
  @Text({ max: 2000, example: 'Superseded by the PCT application' }) reason: string;
}
