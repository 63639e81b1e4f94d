import { ApiProperty } from '@nestjs/swagger';
import { CommandAcceptedResponse } from '../../application';
import { DOCUMENT_PURPOSES, DOCUMENT_RECORD_KINDS } from '../../domain';
import type { DocumentPurpose, DocumentRecord, DocumentRecordKind } from '../../domain';

export class DocumentTargetView {
  @ApiProperty({ enum: DOCUMENT_RECORD_KINDS }) kind: DocumentRecordKind;
  @ApiProperty({ example: '5426b98a-3587-58f4-aee4-fea0e4404e02' }) id: string;
}

export class DocumentView {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ example: 'ISO 10993-5 report.pdf', description: 'As uploaded, without paths or control characters: show it as text' }) fileName: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType: string;
  @ApiProperty({ example: 482113, description: 'Bytes' }) size: number;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', description: 'sha256 of the bytes, lower-case hex' })
  sha256: string;
  @ApiProperty({ type: DocumentTargetView }) attachedTo: DocumentTargetView;
  @ApiProperty({ enum: DOCUMENT_PURPOSES }) purpose: DocumentPurpose;
  @ApiProperty({ type: 'integer', nullable: true, description: 'For a deficiency letter or answer: which deficiency (0 = the first)' })
  deficiency: number | null;
  @ApiProperty({ example: 1, description: '1 for a first document, one more for each version' }) version: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The document this version superseded' }) supersedes: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why this version superseded the previous one' }) reason: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The newer version that superseded this one; null while current' })
  supersededBy: string | null;
  @ApiProperty({ description: 'The project revision whose event recorded it' }) revision: number;
}

export class DocumentAcceptedResponse extends CommandAcceptedResponse {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty() sha256: string;
  @ApiProperty() size: number;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
}

export function toDocumentView(doc: DocumentRecord): DocumentView {
  return {
    documentId: doc.documentId,
    fileName: doc.fileName,
    mediaType: doc.mediaType,
    size: doc.size,
    sha256: doc.sha256,
    attachedTo: { kind: doc.attachedTo.kind, id: doc.attachedTo.id },
    purpose: doc.purpose,
    deficiency: doc.deficiency,
    version: doc.version,
    supersedes: doc.supersedes,
    reason: doc.reason,
    supersededBy: doc.supersededBy,
    revision: doc.revision,
  };
}
