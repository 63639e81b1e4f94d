import { CrlfRowEnds } from './export-store';

describe('CrlfRowEnds', () => {
  const csv = 'id,"a\nb"\n1,"say ""hi""\n"\n2,""\n3,"x"",\ny"\n';
  const expected = 'id,"a\nb"\r\n1,"say ""hi""\n"\r\n2,""\r\n3,"x"",\ny"\r\n';

  it('ends each row with \\r\\n and leaves newlines inside quoted values, wherever the chunks are cut', () => {
    for (let a = 0; a <= csv.length; a++) {
      for (let b = a; b <= csv.length; b++) {
        const rowEnds = new CrlfRowEnds();
        const parts = [csv.slice(0, a), csv.slice(a, b), csv.slice(b)].map((p) => rowEnds.convert(Buffer.from(p)).toString());
        expect({ a, b, text: parts.join('') }).toEqual({ a, b, text: expected });
        expect(rowEnds.rows).toBe(4);
      }
    }
  });
});
