import { describe, expect, it } from 'vitest';
import { safeNext } from '../auth/sign-in-page';
import { ApiProblem, describeProblem, fieldErrors } from './problem';

const invalid = (errors: { field: string; messages: string[] }[]) =>
  new ApiProblem(400, { type: 'about:blank', title: 'Invalid request', status: 400, code: 'validation_failed', errors });

describe('fieldErrors', () => {
  it('puts each message on the field it names, nested paths included', () => {
    const error = invalid([
      { field: 'title', messages: ['title should not be empty'] },
      { field: 'targets.0.pathway', messages: ['pathway must be one of the following values: …'] },
    ]);
    expect(fieldErrors(error, ['title', 'targets.0.pathway'])).toEqual({
      title: 'title should not be empty',
      'targets.0.pathway': 'pathway must be one of the following values: …',
    });
  });

  it('gives a field the form does not show to its parent, else to the form, never dropping it', () => {
    const error = invalid([
      { field: 'leadClinician.id', messages: ['id must be shorter'] },
      { field: 'surprise', messages: ['property surprise should not exist'] },
    ]);
    expect(fieldErrors(error, ['leadClinician'])).toEqual({
      leadClinician: 'leadClinician.id: id must be shorter',
      form: 'surprise: property surprise should not exist',
    });
  });

  it('has nothing to map for other errors', () => {
    expect(fieldErrors(new Error('x'), ['title'])).toEqual({});
  });
});

describe('describeProblem', () => {
  it('says what a 412, 429 and 503 mean to the person at the screen', () => {
    const p = (status: number, headers?: Headers) => new ApiProblem(status, { type: 'about:blank', title: 't', status, code: 'c', detail: 'd' }, headers);
    expect(describeProblem(p(412))).toMatch(/Someone else changed this project/);
    expect(describeProblem(p(429, new Headers({ 'Retry-After': '30' })))).toMatch(/Try again in 30 s/);
    expect(describeProblem(p(503))).toMatch(/input is kept/);
  });
});

describe('safeNext', () => {
  it('returns only to a path of this app', () => {
    expect(safeNext('/projects/x?asOf=1')).toBe('/projects/x?asOf=1');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
