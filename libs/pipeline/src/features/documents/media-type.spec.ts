import { checkMediaType, isExecutable, normalizeMediaType, sniff } from './media-type';
import { contentDisposition } from './documents.service';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('media types against magic bytes', () => {
  it.each([
    ['application/pdf', bytes('%PDF-1.7\n')],
    ['image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes([0x50, 0x4b, 0x03, 0x04])],
    ['application/msword', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
    ['text/plain', bytes('Minutes of the design review, 2026-02-15')],
    ['text/csv', bytes('subject,glucose\n1,5.4\n')],
  ])('accepts %s carrying its own signature', (type, head) => expect(checkMediaType(type, head)).toEqual({ ok: true, mediaType: type }));

  it.each([
    ['application/pdf', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
    ['image/png', bytes('%PDF-1.4'), 'application/pdf'],
    ['text/plain', bytes('%PDF-1.4'), 'application/pdf'],
    ['text/plain', bytes('abc', [0], 'def'), null],
    ['application/pdf', bytes('hello'), null],
  ])('refuses %s whose content is %s', (type, head, detected) =>
    expect(checkMediaType(type, head)).toEqual({ ok: false, reason: 'contradicted', detected }));

  it.each([
    ['MZ (Windows PE)', bytes('MZ', [0x90, 0])],
    ['ELF', bytes([0x7f, 0x45, 0x4c, 0x46, 2])],
    ['Mach-O 64', bytes([0xcf, 0xfa, 0xed, 0xfe])],
    ['Mach-O fat', bytes([0xca, 0xfe, 0xba, 0xbe])],
    ['a shebang script', bytes('#!/usr/bin/env python3\n')],
    ['a shebang after a BOM', bytes([0xef, 0xbb, 0xbf], '#!/bin/sh')],
  ])('refuses %s whatever it claims', (_what, head) => {
    expect(isExecutable(head)).toBe(true);
    expect(checkMediaType('application/pdf', head)).toMatchObject({ ok: false, reason: 'executable' });
    expect(checkMediaType('text/plain', head)).toMatchObject({ ok: false, reason: 'executable' });
  });

  it('refuses a declared program type', () => expect(checkMediaType('application/x-msdownload', bytes('hello'))).toMatchObject({ ok: false, reason: 'executable' }));
  it('names an octet-stream by its signature', () => expect(checkMediaType('application/octet-stream', bytes('%PDF-1.7'))).toEqual({ ok: true, mediaType: 'application/pdf' }));
  it('keeps an unknown binary as octet-stream', () => expect(checkMediaType(null, bytes([1, 2, 3]))).toEqual({ ok: true, mediaType: 'application/octet-stream' }));
  it('knows DICOM by its preamble', () => expect(sniff(Buffer.concat([Buffer.alloc(128), bytes('DICM')]))).toBe('application/dicom'));
  it('normalises a declared type', () => {
    expect(normalizeMediaType('Application/PDF; charset=binary')).toBe('application/pdf');
    expect(normalizeMediaType('not a type')).toBeNull();
    expect(normalizeMediaType(undefined)).toBeNull();
  });
});

describe('Content-Disposition (RFC 6266)', () => {
  it('gives an ASCII fallback and the exact name as UTF-8', () =>
    expect(contentDisposition('伦理审批函 "final".pdf')).toBe(`attachment; filename="_____ _final_.pdf"; filename*=UTF-8''%E4%BC%A6%E7%90%86%E5%AE%A1%E6%89%B9%E5%87%BD%20%22final%22.pdf`));
  it('escapes what would end the parameter', () => expect(contentDisposition("a'b(c)*%.pdf")).toBe(`attachment; filename="a'b(c)*_.pdf"; filename*=UTF-8''a%27b%28c%29%2A%25.pdf`));
});
