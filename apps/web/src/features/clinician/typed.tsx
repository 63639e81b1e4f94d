import type { CSSProperties, ReactNode } from 'react';

// What a person typed (titles, summaries, names, reasons) is shown exactly as typed, in every language: never
// translated (translate="no", which also tells the catalogue test to skip it), and long Chinese or Indonesian
// text wraps inside a phone's width instead of pushing the layout sideways.
export const WRAP: CSSProperties = { overflowWrap: 'anywhere', wordBreak: 'normal', whiteSpace: 'pre-wrap' };

export function Typed({ children, block, id }: { children: ReactNode; block?: boolean; id?: string }) {
  return block ? (
    <div translate="no" style={WRAP} id={id}>{children}</div>
  ) : (
    <span translate="no" style={WRAP} id={id}>{children}</span>
  );
}

/** The person key of an id as the API compares them (case-insensitive, NFKC, trimmed). */
export const personKey = (id: string): string => id.normalize('NFKC').trim().toLowerCase();
