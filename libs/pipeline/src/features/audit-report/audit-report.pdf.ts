import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Fontkit from 'fontkit';
import type { Font } from 'fontkit';
import type PDFKitDocument from 'pdfkit';
import { loadPackage } from '@app/platform';
import type { AuditReport } from './audit-report';
import {
  chainLines,
  documentAttached,
  documentFile,
  documentHeading,
  documentRecord,
  documentStored,
  documentVersions,
  generated,
  profileRows,
  scope,
  title,
  who,
} from './audit-report.text';

// Noto Sans Hans (SIL OFL) covers Chinese and every Latin letter Indonesian uses; pdfkit embeds only the glyphs a
// report uses. Each 8 MB font is read and parsed once per process, not per report (pdfkit takes a fontkit font).
let fonts: { regular: Font; bold: Font } | null = null;
function cjkFonts(): { regular: Font; bold: Font } {
  if (!fonts) {
    const entry = createRequire(join(process.cwd(), 'package.json')).resolve('@embedpdf/fonts-sc');
    const fontkit = loadPackage<typeof Fontkit>('fontkit');
    const open = (file: string) => fontkit.create(readFileSync(join(dirname(entry), '..', 'fonts', file))) as Font;
    fonts = { regular: open('NotoSansHans-Regular.otf'), bold: open('NotoSansHans-Bold.otf') };
  }
  return fonts;
}

const MONO = 'Courier'; // hashes and ids are ASCII: pdfkit's own monospaced font

/** The audit report as a PDF (A4), fonts embedded, with the report's title and generation time as metadata. */
export function renderAuditReportPdf(report: AuditReport): Promise<Buffer> {
  const { regular, bold } = cjkFonts();
  // pdfkit and fontkit are loaded with the first PDF report, not at start-up.
  const PDFDocument = loadPackage<typeof PDFKitDocument>('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: { Title: title(report), Author: who(report.generatedBy), Subject: `Project ${report.projectId}`, CreationDate: new Date(report.generatedAt) },
  });
  // (@types/pdfkit leaves out the parsed fontkit font that pdfkit also takes.)
  doc.registerFont('text', regular as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont('bold', bold as unknown as PDFKit.Mixins.PDFFontSource);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 100;
  const heading = (text: string) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.8).font('bold').fontSize(12.5).fillColor('#000').text(text, 50, doc.y, { width });
    doc.moveTo(50, doc.y + 1).lineTo(50 + width, doc.y + 1).strokeColor('#444').lineWidth(0.5).stroke();
    doc.moveDown(0.4);
  };
  const line = (text: string, size = 9.5, font = 'text', color = '#000') => doc.font(font).fontSize(size).fillColor(color).text(text, 50, doc.y, { width });
  const labelled = (label: string, value: string) =>
    doc.font('bold').fontSize(9.5).fillColor('#000').text(`${label}: `, 50, doc.y, { width, continued: true }).font('text').text(value);
  const hash = (label: string, value: string | null) => {
    line(label, 9);
    doc.font(MONO).fontSize(8).fillColor('#000').text(value ?? '—', 60, doc.y, { width: width - 10 });
  };

  doc.font('bold').fontSize(16).text(title(report), { width });
  line(scope(report), 9.5, 'text', '#333');
  line(generated(report), 9.5, 'text', '#333');

  heading('Project profile');
  for (const [k, v] of profileRows(report)) labelled(k, v);

  heading('Hash-chain check at export');
  const [result, ...rest] = chainLines(report);
  line(result, 10, 'bold', report.chain.kept && !report.chain.ok ? '#a00' : '#000');
  for (const l of rest) {
    const at = l.indexOf(': ');
    if (/hash/i.test(l.slice(0, at))) hash(l.slice(0, at + 1), l.slice(at + 2));
    else line(l);
  }

  heading(`Events (${report.events.length}), oldest first`);
  for (const e of report.events) {
    if (doc.y > doc.page.height - 110) doc.addPage();
    doc.moveDown(0.3);
    line(`#${e.revision}  ${e.type}`, 10.5, 'bold');
    line(`By ${who(e.actor)}`);
    line(`Occurred ${e.occurredAt} · recorded ${e.recordedAt}`, 9, 'text', '#333');
    if (e.reason) labelled('Reason', e.reason);
    for (const s of e.summary) doc.font('text').fontSize(9).fillColor('#000').text(s, 62, doc.y, { width: width - 12 });
    doc.font(MONO).fontSize(7.5).fillColor('#555').text(`event ${e.eventId} · position ${e.globalPosition}`, 50, doc.y, { width });
  }

  heading(`Corrections (${report.corrections.length})`);
  if (report.corrections.length === 0) line('None.');
  for (const c of report.corrections) {
    doc.moveDown(0.3);
    line(`#${c.revision}  ${c.target}, field ${c.field}`, 10, 'bold');
    labelled('Old value', c.oldValue);
    labelled('New value', c.newValue);
    labelled('Reason', c.reason);
    line(`By ${who(c.actor)}, recorded ${c.recordedAt}`, 9, 'text', '#333');
  }

  heading(`Signatures (${report.signatures.length})`);
  if (report.signatures.length === 0) line('None.');
  for (const s of report.signatures) {
    if (doc.y > doc.page.height - 130) doc.addPage();
    doc.moveDown(0.3);
    line(`#${s.revision}  ${s.decision}: ${s.fromStage} → ${s.toStage}`, 10, 'bold');
    labelled('Printed name', s.printedName);
    labelled('Signer', who(s.signer));
    labelled('Signed at', s.signedAt);
    labelled('Meaning', s.meaning);
    labelled('Signed revision', String(s.signedRevision));
    hash(`Content hash (${s.contentHashMatches ? 'matches the record' : 'does not match the record'}):`, s.contentHash);
    labelled('Status', s.status === 'valid' ? 'valid' : `superseded by revision ${s.supersededBy.join(', ')}`);
    if (s.signing) labelled('Toward the go', s.signing);
  }

  heading(`Documents (${report.documents.length})`);
  if (report.documents.length === 0) line('None.');
  for (const d of report.documents) {
    if (doc.y > doc.page.height - 150) doc.addPage();
    doc.moveDown(0.3);
    line(documentHeading(d), 10, 'bold');
    labelled('Evidence for', documentRecord(d));
    labelled('File', documentFile(d));
    hash('sha256:', d.sha256);
    doc.font('bold').fontSize(9.5).fillColor('#000').text('Stored bytes: ', 50, doc.y, { width, continued: true });
    doc.font('text').fillColor(d.stored === 'missing' || d.stored === 'altered' ? '#a00' : '#000').text(documentStored(d));
    labelled('Attached', documentAttached(d));
    for (const v of documentVersions(d)) line(v);
    doc.font(MONO).fontSize(7.5).fillColor('#555').text(`document ${d.documentId}`, 50, doc.y, { width });
  }

  // Page numbers, once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the margin; without this pdfkit would start a new page
    doc.font('text').fontSize(7.5).fillColor('#555');
    doc.text(`${report.projectId} · revision ${report.revision} · page ${i + 1} of ${range.count}`, 50, doc.page.height - 35, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
