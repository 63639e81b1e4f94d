import type * as ExcelJS from 'exceljs';
import { loadPackage } from '@app/platform';

/** One row of a portfolio file: its line (the spreadsheet's row number; in a CSV the line it starts on) and cells by column. */
export interface PortfolioRow {
  line: number;
  cells: Record<string, string>;
}

export interface PortfolioTable {
  /** Column names as the header row gives them (trimmed, lower case). */
  columns: string[];
  rows: PortfolioRow[];
}

export class PortfolioFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'PortfolioFileError';
  }
}

export type PortfolioFormat = 'csv' | 'xlsx';

// A zip (xlsx) starts with "PK\x03\x04"; anything else is read as CSV text.
export function formatOf(name: string, content: Buffer): PortfolioFormat {
  if (/\.xlsx$/i.test(name) || content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  return 'csv';
}

export async function readPortfolioFile(name: string, content: Buffer): Promise<PortfolioTable> {
  const records = formatOf(name, content) === 'xlsx' ? await xlsxRecords(content) : csvRecords(content);
  const header = records.find((r) => r.values.some((v) => v.trim() !== ''));
  if (!header) throw new PortfolioFileError('The file has no header row.', 1);
  const columns = header.values.map((v) => v.trim().toLowerCase());
  const rows: PortfolioRow[] = [];
  for (const record of records) {
    if (record === header || record.line < header.line) continue;
    if (record.values.every((v) => v.trim() === '')) continue;
    const cells: Record<string, string> = {};
    columns.forEach((column, i) => {
      if (column) cells[column] = (record.values[i] ?? '').trim();
    });
    // A value beyond the last named column is kept under its position so it is reported, never dropped.
    record.values.slice(columns.length).forEach((v, i) => {
      if (v.trim() !== '') cells[`#${columns.length + i + 1}`] = v.trim();
    });
    rows.push({ line: record.line, cells });
  }
  return { columns, rows };
}

interface RawRecord {
  line: number;
  values: string[];
}

/** RFC 4180 CSV (comma, double quotes, CRLF or LF), UTF-8 with or without a byte order mark. */
export function csvRecords(content: Buffer): RawRecord[] {
  let text = content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: RawRecord[] = [];
  let line = 1;
  let start = 1;
  let field = '';
  let values: string[] = [];
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    values.push(field);
    records.push({ line: start, values });
    values = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      values.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      i++;
    } else if (c === '\n') {
      endRecord();
      line++;
      start = line;
      i++;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new PortfolioFileError('A quoted field is not closed.', start);
  if (field !== '' || values.length > 0) endRecord();
  return records;
}

// The first worksheet; each cell's text as shown (dates as YYYY-MM-DD, numbers as typed, formulas by their result).
// exceljs is loaded with the first .xlsx file, not at start-up.
async function xlsxRecords(content: Buffer): Promise<RawRecord[]> {
  const workbook = new (loadPackage<typeof ExcelJS>('exceljs').Workbook)();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    throw new PortfolioFileError(`Not a readable .xlsx file (${error instanceof Error ? error.message : String(error)}).`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new PortfolioFileError('The workbook has no worksheet.');
  const records: RawRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let col = 1; col <= row.cellCount; col++) values.push(cellText(row.getCell(col).value));
    records.push({ line: rowNumber, values });
  });
  return records;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    return '';
  }
  return String(value);
}
