// What a file's first bytes say it is, against the media type its uploader declared.

/** Media types named by their content's signature: a declared one of these must match the first bytes. */
const SIGNATURES: readonly { type: string; matches: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', matches: (b) => starts(b, '%PDF-') },
  { type: 'image/png', matches: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', matches: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', matches: (b) => starts(b, 'GIF87a') || starts(b, 'GIF89a') },
  { type: 'image/webp', matches: (b) => starts(b, 'RIFF') && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'image/tiff', matches: (b) => starts(b, [0x49, 0x49, 0x2a, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  { type: 'application/zip', matches: (b) => starts(b, [0x50, 0x4b, 0x03, 0x04]) },
  // Word, Excel and PowerPoint before 2007: OLE compound files.
  { type: 'application/x-ole-storage', matches: (b) => starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  { type: 'application/dicom', matches: (b) => b.length >= 132 && b.subarray(128, 132).toString('latin1') === 'DICM' },
];

/** Declared types and the signature their content must carry. */
const FAMILY: Readonly<Record<string, string>> = {
  'application/pdf': 'application/pdf',
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'image/tiff': 'image/tiff',
  'application/zip': 'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'application/zip',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'application/zip',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'application/zip',
  'application/vnd.oasis.opendocument.text': 'application/zip',
  'application/vnd.oasis.opendocument.spreadsheet': 'application/zip',
  'application/msword': 'application/x-ole-storage',
  'application/vnd.ms-excel': 'application/x-ole-storage',
  'application/vnd.ms-powerpoint': 'application/x-ole-storage',
  'application/dicom': 'application/dicom',
};

/** Text a browser or a viewer could run: always served as an attachment in a sandbox, never inline. */
export const ACTIVE_CONTENT: ReadonlySet<string> = new Set(['text/html', 'application/xhtml+xml', 'image/svg+xml', 'text/xml', 'application/xml']);

/** Declared types of programs, refused whatever the content. */
const EXECUTABLE_TYPES: ReadonlySet<string> = new Set([
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/vnd.microsoft.portable-executable',
  'application/x-dosexec',
  'application/x-executable',
  'application/x-elf',
  'application/x-sharedlib',
  'application/x-mach-binary',
  'application/x-sh',
  'application/x-shellscript',
  'text/x-shellscript',
  'application/x-bat',
  'application/x-msi',
  'application/java-archive',
  'application/x-java-archive',
]);

/** Whether the first bytes are a program: Windows PE (MZ), ELF, Mach-O (thin or fat), or a script with a shebang. */
export function isExecutable(head: Buffer): boolean {
  return (
    starts(head, 'MZ') ||
    starts(head, [0x7f, 0x45, 0x4c, 0x46]) ||
    starts(head, [0xfe, 0xed, 0xfa, 0xce]) ||
    starts(head, [0xfe, 0xed, 0xfa, 0xcf]) ||
    starts(head, [0xce, 0xfa, 0xed, 0xfe]) ||
    starts(head, [0xcf, 0xfa, 0xed, 0xfe]) ||
    starts(head, [0xca, 0xfe, 0xba, 0xbe]) ||
    starts(head, '#!') ||
    // A UTF-8 byte order mark before the shebang still runs on some systems.
    starts(head, [0xef, 0xbb, 0xbf, 0x23, 0x21])
  );
}

/** The signature family the content carries, if any. */
export function sniff(head: Buffer): string | null {
  return SIGNATURES.find((s) => s.matches(head))?.type ?? null;
}

/** A declared media type in its canonical form (lower case, no parameters), or null when it is not one. */
export function normalizeMediaType(declared: string | undefined): string | null {
  const type = (declared ?? '').split(';')[0].trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : null;
}

export type MediaVerdict = { ok: true; mediaType: string } | { ok: false; reason: 'executable' | 'contradicted'; detected: string | null };

/**
 * Checks the declared media type against the first bytes. Executables are refused whatever they claim to be;
 * a type with a signature must carry it; text must not carry another format's signature. An unknown declared
 * type (or application/octet-stream) takes the type its signature names, if any.
 */
export function checkMediaType(declared: string | null, head: Buffer): MediaVerdict {
  const detected = sniff(head);
  if (isExecutable(head) || (declared !== null && EXECUTABLE_TYPES.has(declared))) {
    return { ok: false, reason: 'executable', detected };
  }
  const type = declared ?? 'application/octet-stream';
  const family = FAMILY[type];
  if (family) return family === detected ? { ok: true, mediaType: type } : { ok: false, reason: 'contradicted', detected };
  const textual = type.startsWith('text/') || type === 'application/json' || type.endsWith('+xml') || type === 'application/xml';
  if (textual) {
    if (detected !== null || head.subarray(0, 4096).includes(0)) return { ok: false, reason: 'contradicted', detected };
    return { ok: true, mediaType: type };
  }
  if (type === 'application/octet-stream' && detected && detected !== 'application/x-ole-storage') return { ok: true, mediaType: detected };
  return { ok: true, mediaType: type };
}

/** How many leading bytes the checks above need. */
export const SNIFF_BYTES = 4096;

function starts(b: Buffer, prefix: string | number[]): boolean {
  const p = typeof prefix === 'string' ? Buffer.from(prefix, 'latin1') : Buffer.from(prefix);
  return b.length >= p.length && b.subarray(0, p.length).equals(p);
}
