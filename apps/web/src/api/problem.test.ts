import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import { safeNext } from '../auth/sign-in-page';
import { ApiProblem, describeMissing, describeProblem, fieldErrors } from './problem';

const invalid = (errors: { field: string; messages: string[] }[]) =>
  new ApiProblem(400, { type: 'about:blank', title: 'Invalid request', status: 400, code: 'validation_failed', errors });

describe('fieldErrors', () => {
  it('puts each message on the field it names, nested paths included', () => {
    const error = invalid([
      { field: 'title', messages: ['title should not be empty'] },
      { field: 'targets.0.pathway', messages: ['pathway must be one of the following values: …'] },
    ]);
    expect(fieldErrors(error, ['title', 'targets.0.pathway'])).toEqual({
      title: 'Required.',
      'targets.0.pathway': 'Choose one of the offered values.',
    });
  });

  it('gives a field the form does not show to its parent, else to the form, never dropping it', () => {
    const error = invalid([
      { field: 'leadClinician.id', messages: ['id must be shorter'] },
      { field: 'surprise', messages: ['property surprise should not exist'] },
    ]);
    expect(fieldErrors(error, ['leadClinician'])).toEqual({
      leadClinician: 'leadClinician.id: Must be shorter.',
      form: 'surprise: This field is not taken here.',
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

describe('in the reader’s language', () => {
  afterEach(() => setLanguage('en', false));
  const domain = (code: string, detail = 'English detail') => new ApiProblem(409, { type: 'about:blank', title: 'Conflict', status: 409, code, detail });

  it('says a known code’s message from the catalogue, never the API’s English', async () => {
    await setLanguage('zh-CN', false);
    expect(describeProblem(domain('ethics_approval_required'))).toBe('必须先记录伦理审批。');
    await setLanguage('id', false);
    expect(describeProblem(domain('ethics_approval_required'))).toBe('Persetujuan etik harus dicatat terlebih dahulu.');
    expect(describeProblem(new ApiProblem(429, { type: 'about:blank', title: 't', status: 429, code: 'too_many_attempts' }, new Headers({ 'Retry-After': '30' })))).toMatch(/30 detik/);
  });

  it('falls back to the status’s words and the API’s detail for a code it does not know', async () => {
    await setLanguage('zh-CN', false);
    expect(describeProblem(domain('brand_new_rule', 'A brand new rule'))).toBe('此操作与项目当前的记录相冲突。 A brand new rule');
  });

  it('maps the usual field messages, and a gate’s missing evidence by its code', async () => {
    await setLanguage('id', false);
    expect(fieldErrors(invalid([{ field: 'title', messages: ['title should not be empty'] }]), ['title'])).toEqual({ title: 'Wajib diisi.' });
    expect(describeMissing({ code: 'ethics_approval', message: 'Ethics committee approval for the study must be recorded.' })).toBe('Persetujuan etik dari komite etik untuk studi ini harus dicatat.');
    await setLanguage('en', false);
    expect(fieldErrors(invalid([{ field: 'title', messages: ['title should not be empty'] }]), ['title'])).toEqual({ title: 'Required.' });
  });

  it('says what is wrong with a date in the future in every language, and no property name the form does not show', async () => {
    const future = invalid([{ field: 'filedOn', messages: ['filedOn must be a real calendar date between 1900 and today'] }]);
    const odd = invalid([{ field: 'registryId', messages: ['registryId must match the registry’s format'] }]);
    await setLanguage('zh-CN', false);
    expect(fieldErrors(future, ['filedOn'])).toEqual({ filedOn: '请输入 1900 年至今天之间的真实日期。' });
    expect(fieldErrors(odd, ['registryId'])).toEqual({ registryId: '该值无效。' });
    await setLanguage('en', false);
    expect(fieldErrors(future, ['filedOn'])).toEqual({ filedOn: 'Enter a real date, from 1900 to today.' });
    expect(fieldErrors(odd, ['registryId'])).toEqual({ registryId: 'Must match the registry’s format.' });
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
