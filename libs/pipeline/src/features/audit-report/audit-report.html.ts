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

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every value from the record passes through here: it is shown as text, never read as markup. */
export const esc = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

const STYLE = `
body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; font-size: 10.5pt; color: #111; margin: 2rem; }
h1 { font-size: 16pt; margin-bottom: .2rem; } h2 { font-size: 12.5pt; border-bottom: 1px solid #444; margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .25rem .4rem; vertical-align: top; text-align: left; }
th { background: #eee; } .hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }
.meta { color: #333; } .summary { margin: 0; padding-left: 1rem; } .bad { color: #a00; font-weight: bold; } .ok { color: #060; font-weight: bold; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { margin: 0; font-size: 9pt; }
  h2 { break-after: avoid; } tr { break-inside: avoid; } thead { display: table-header-group; }
  th { background: none; }
}`;

/** A printable HTML copy of the audit report: one self-contained page, no script. */
export function renderAuditReportHtml(report: AuditReport): string {
  const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  const head = (names: string[]) => `<thead><tr>${names.map((n) => `<th>${esc(n)}</th>`).join('')}</tr></thead>`;
  const chain = chainLines(report).map((line, i) => {
    const cls = i === 0 && report.chain.kept ? (report.chain.ok ? 'ok' : 'bad') : /hash/i.test(line) ? 'hash' : '';
    return `<p class="${cls}">${esc(line)}</p>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title(report))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title(report))}</h1>
<p class="meta">${esc(scope(report))}<br>${esc(generated(report))}</p>

<h2>Project profile</h2>
<table>${rows(profileRows(report).map(([k, v]) => [esc(k), esc(v)]))}</table>

<h2>Hash-chain check at export</h2>
${chain.join('\n')}

<h2>Events (${report.events.length}), oldest first</h2>
<table>
${head(['Rev.', 'Event', 'Who', 'Occurred / recorded', 'Reason', 'Data'])}
<tbody>
${rows(
  report.events.map((e) => [
    esc(e.revision),
    `${esc(e.type)}<br><span class="hash">${esc(e.eventId)}</span>`,
    esc(who(e.actor)),
    `occurred ${esc(e.occurredAt)}<br>recorded ${esc(e.recordedAt)}`,
    esc(e.reason ?? '—'),
    `<ul class="summary">${e.summary.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`,
  ]),
)}
</tbody>
</table>

<h2>Corrections (${report.corrections.length})</h2>
${
  report.corrections.length
    ? `<table>${head(['Rev.', 'Record', 'Field', 'Old value', 'New value', 'Reason', 'Who, when'])}<tbody>${rows(
        report.corrections.map((c) => [esc(c.revision), esc(c.target), esc(c.field), esc(c.oldValue), esc(c.newValue), esc(c.reason), `${esc(who(c.actor))}<br>${esc(c.recordedAt)}`]),
      )}</tbody></table>`
    : '<p>None.</p>'
}

<h2>Signatures (${report.signatures.length})</h2>
${
  report.signatures.length
    ? `<table>${head(['Rev.', 'Decision', 'Printed name', 'Signed at', 'Meaning', 'Signed revision', 'Content hash', 'Status'])}<tbody>${rows(
        report.signatures.map((s) => [
          esc(s.revision),
          `${esc(s.decision)}: ${esc(s.fromStage)} → ${esc(s.toStage)}`,
          `${esc(s.printedName)}<br>${esc(who(s.signer))}`,
          esc(s.signedAt),
          esc(s.meaning),
          esc(s.signedRevision),
          `<span class="hash">${esc(s.contentHash ?? '—')}</span><br>${s.contentHashMatches ? 'matches the record' : '<span class="bad">does not match the record</span>'}`,
          (s.status === 'valid' ? 'valid' : `<span class="bad">superseded</span> by revision ${esc(s.supersededBy.join(', '))}`) +
            (s.signing ? `<br>signature toward the go: ${esc(s.signing)}` : ''),
        ]),
      )}</tbody></table>`
    : '<p>None.</p>'
}

<h2>Documents (${report.documents.length})</h2>
${
  report.documents.length
    ? `<table>${head(['Document', 'Evidence for', 'File', 'sha256', 'Stored bytes', 'Attached', 'Versions'])}<tbody>${rows(
        report.documents.map((d) => [
          `${esc(documentHeading(d))}<br><span class="hash">${esc(d.documentId)}</span>`,
          esc(documentRecord(d)),
          esc(documentFile(d)),
          `<span class="hash">${esc(d.sha256)}</span>`,
          d.stored === 'missing' || d.stored === 'altered' ? `<span class="bad">${esc(documentStored(d))}</span>` : esc(documentStored(d)),
          esc(documentAttached(d)),
          documentVersions(d).map(esc).join('<br>'),
        ]),
      )}</tbody></table>`
    : '<p>None.</p>'
}
</body>
</html>
`;
}
