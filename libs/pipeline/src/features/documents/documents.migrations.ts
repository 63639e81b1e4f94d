import { migrate, Migration, SqlDatabase } from '@app/platform';

// Evidence documents' bytes, content-addressed by sha256. Chunks are written under an upload id while an upload
// streams in; once its event is on the record, one row in document_blobs names the upload whose chunks hold that
// content (no copy). Chunks of an upload with a row in document_uploads are staged, never served.
const DOCUMENTS = `
CREATE TABLE document_uploads (
  upload_id uuid PRIMARY KEY,
  project_id uuid NOT NULL,
  document_id uuid NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  touched_at timestamptz NOT NULL DEFAULT now(),
  -- Set once every byte is staged (the event may then be appended); null while streaming.
  sha256 text,
  size bigint
);
CREATE TABLE document_chunks (
  upload_id uuid NOT NULL,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (upload_id, seq)
);
-- Documents are mostly compressed already (PDF, JPEG, Office): store chunks as they are, without TOAST compression.
ALTER TABLE document_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE TABLE document_blobs (
  sha256 text PRIMARY KEY,
  upload_id uuid,
  size bigint NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
`;

export const DOCUMENT_MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'document store', sql: DOCUMENTS }];

export function migrateDocuments(db: SqlDatabase): Promise<number[]> {
  return migrate(db, 'documents', DOCUMENT_MIGRATIONS);
}
