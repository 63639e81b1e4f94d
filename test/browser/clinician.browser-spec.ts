import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import { LEAD, MANAGER, OFFICE, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, signInAs } from '../support/browser';

// Issue 14 in Debian's headless Chromium, by tapping and typing: a clinician on a 375 px phone submits an idea with
// an invention disclosure; the office, in Chinese, accepts it; the clinician logs a milestone, the trial's first
// patient and enrolment, and corrects the milestone; a second clinician's idea is declined with a reason that she
// reads in Indonesian, and she sees no write action on a project whose team she is not on. The API is called only
// to register the trial (the office's part) and to read the record back. Screenshots of every clinician screen in
// the three languages at 375 px and 1280 px go to test/browser/artifacts (README ones with README_SCREENSHOTS=1).
describe('clinician on a phone, ideas screened by the office (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let chenPhone: BrowserContext;
  let sariPhone: BrowserContext;
  let officeDesk: BrowserContext;
  let chen: Page;
  let sari: Page;
  let office: Page;
  let url: string;
  let sariHeaders: Record<string, string>;
  let ideaId: string;
  let declinedId: string;
  const pageErrors: string[] = [];
  const SCREENSHOTS = process.env.README_SCREENSHOTS ? join(process.cwd(), 'docs/screenshots') : join(ARTIFACTS, 'readme');
  const sariUser = { username: 'dr-sari', name: 'dr. Sari Wulandari, Sp.PD', role: 'clinician' as const };
  const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

  // Long texts as doctors type them: Chinese without spaces, Indonesian with long compound words.
  const chineseIdea = {
    title: '无创血糖检测仪：基于近红外光谱的指尖连续血糖监测装置（适用于住院糖尿病患者的床旁管理）',
    clinicalNeed: '住院糖尿病患者每天需要多次指尖采血测血糖，疼痛明显、依从性差，护理工作量大；部分患者因频繁采血出现感染和皮肤损伤，亟需一种无创、可连续监测的血糖检测方法。',
    summary: '采用双波长近红外光谱经指尖测量血糖，按患者个体校准，数据实时上传护士站。',
    deviceType: '血糖监测仪',
    therapeuticArea: '内分泌',
    institution: '上海市第六人民医院',
    department: '内分泌代谢科',
  };
  const indonesianIdea = {
    title: 'Alat bantu dengar berbiaya rendah dengan penyesuaian otomatis untuk pasien lanjut usia di puskesmas Makassar',
    clinicalNeed: 'Pasien lanjut usia dengan gangguan pendengaran sensorineural jarang mendapatkan alat bantu dengar karena harganya mahal dan penyetelannya memerlukan audiolog yang tidak tersedia di puskesmas.',
    summary: 'Penyetelan otomatis berbasis audiogram yang diukur sendiri melalui ponsel.',
    deviceType: 'alat bantu dengar',
    therapeuticArea: 'THT-KL',
    institution: 'RSUP Dr. Wahidin Sudirohusodo',
    department: 'Ilmu Kesehatan Telinga Hidung Tenggorok – Bedah Kepala Leher',
  };
  const declineReason = 'Serupa dengan proyek alat bantu dengar yang sudah berjalan di RS Unhas; silakan berkoordinasi dengan tim tersebut lalu ajukan kembali dengan fokus pada penyetelan otomatis.';

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    sariHeaders = await t.createUser(sariUser);
    browser = await launchWithChineseFonts();
    chenPhone = await browser.newContext(PHONE);
    sariPhone = await browser.newContext(PHONE);
    officeDesk = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    [chen, sari, office] = await Promise.all([chenPhone.newPage(), sariPhone.newPage(), officeDesk.newPage()]);
    for (const p of [chen, sari, office]) {
      p.on('pageerror', (e) => pageErrors.push(e.message));
      p.setDefaultTimeout(15_000);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await signInAs(chen, url, TEST_USERS.lead.username);
    await signInAs(sari, `${url}/?lang=id`, sariUser.username);
    await signInAs(office, `${url}/?lang=zh-CN`, TEST_USERS.office.username);
  }, 120_000);

  afterEach(async () => {
    await chen.screenshot({ path: join(ARTIFACTS, 'clinician-last-step-chen.png'), fullPage: true });
    await office.screenshot({ path: join(ARTIFACTS, 'clinician-last-step-office.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * Debian's Chromium as test/support/browser.ts launches it, seeing also the Noto Sans Hans fonts the audit report
   * already ships (@embedpdf/fonts-sc): Chinese screenshots show characters, not boxes, without a system font package.
   */
  async function launchWithChineseFonts(): Promise<Browser> {
    const fonts = join(dirname(createRequire(join(process.cwd(), 'package.json')).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    const dir = mkdtempSync(join(tmpdir(), 'clinician-fonts-'));
    const conf = join(dir, 'fonts.conf');
    writeFileSync(
      conf,
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${fonts}</dir><cachedir>${dir}/cache</cachedir></fontconfig>\n`,
    );
    return chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      env: { ...process.env, FONTCONFIG_FILE: conf },
    });
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `clinician-${name}.png`), fullPage: true });
  const readBack = async (id: string) => (await request(t.http).get(`/projects/${id}`).set(MANAGER).expect(200)).body;
  /** Nothing wider than the viewport: long Chinese and Indonesian text wraps instead of scrolling sideways. */
  const noSidewaysScroll = async (page: Page) =>
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
  // Runs in the page (a string: the tests are typed without the DOM): visible text with a letter outside the
  // pseudo-locale's ⟦…⟧ and outside translate="no" (what users typed, form fields included).
  const UNTRANSLATED = `(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let depth = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script,style,[translate="no"]') || !parent.checkVisibility()) continue;
      let rest = '';
      for (const ch of node.textContent || '') {
        if (ch === '\u27e6') depth++;
        else if (ch === '\u27e7') depth = Math.max(0, depth - 1);
        else if (depth === 0) rest += ch;
      }
      if (/\\p{L}/u.test(rest)) out.push(parent.tagName + ': ' + node.textContent);
    }
    return out;
  })()`;

  /** On a phone the top bar's places are in its menu. */
  async function openFromMenu(page: Page, place: string) {
    await page.tap('#nav-menu');
    await page.waitForSelector(`#menu-${place}`);
    await page.tap(`#menu-${place}`);
  }

  async function submitIdea(page: Page, idea: Record<string, string>, disclosure?: { title: string; summary: string; disclosedOn: string }) {
    await openFromMenu(page, 'my-projects');
    await page.waitForSelector('#my-projects');
    await page.tap('#tab-submit-idea');
    await page.waitForSelector('#idea-form');
    for (const [name, value] of Object.entries(idea)) await page.fill(`#idea-form [name="${name}"]`, value);
    if (disclosure) {
      await page.tap('#attach-disclosure');
      await page.fill('#idea-form [name="disclosure.title"]', disclosure.title);
      await page.fill('#idea-form [name="disclosure.summary"]', disclosure.summary);
      await page.fill('#idea-form [name="disclosure.disclosedOn"]', disclosure.disclosedOn);
    }
    await noSidewaysScroll(page);
    await page.tap('#idea-submit');
    await page.waitForSelector('#idea-submitted');
    const submitted = new URL(page.url()).searchParams.get('submitted')!;
    await page.waitForSelector(`[data-idea="${submitted}"][data-status="submitted"]`);
    return submitted;
  }

  /** Fills the open command form by field name, records, closes; a refusal fails the test with what it said. */
  async function record(page: Page, route: string, values: Record<string, string>) {
    await page.waitForSelector(`#command-form[data-route="${route}"]`);
    for (const [name, value] of Object.entries(values)) await page.fill(`#command-form [name="${name}"]`, value);
    await page.tap('#command-submit');
    await page.waitForSelector('#command-done, #command-error');
    if (await page.locator('#command-error').count()) throw new Error(`${route} refused: ${await page.locator('#command-error').textContent()}`);
    await page.tap('#command-done button');
    await page.waitForSelector('#command-done', { state: 'detached' });
  }

  it('a clinician on a phone submits an idea with an invention disclosure', async () => {
    ideaId = await submitIdea(chen, chineseIdea, { title: '双波长近红外指尖血糖测量', summary: '两种波长的吸收比值经个体校准换算血糖。', disclosedOn: '2026-11-20' });
    await shot(chen, 'phone-my-ideas-submitted');
    const idea = (await request(t.http).get(`/ideas/${ideaId}`).set(LEAD).expect(200)).body;
    // Stored exactly as typed.
    expect(idea).toMatchObject({ ...chineseIdea, status: 'submitted', submittedBy: { id: 'dr-chen' }, disclosure: { title: '双波长近红外指尖血糖测量', inventors: ['Dr. Chen Wei'] } });
  });

  it('the office, in Chinese, accepts it: a project led by the clinician', async () => {
    await office.click('#nav-screen-ideas');
    await office.waitForSelector(`#screen-ideas [data-idea="${ideaId}"]`);
    expect(await office.locator('#screen-ideas h2').textContent()).toBe('待评审创意');
    await office.click(`[data-idea="${ideaId}"] .details`);
    await office.waitForSelector(`[data-idea="${ideaId}"] .idea-details`);
    await shot(office, 'office-zh-CN-ideas-to-screen');
    await office.click(`[data-idea="${ideaId}"] .accept`);
    await office.waitForSelector('#screening-form[data-decision="accept"]');
    await office.selectOption('#screening-form [name="riskClass"]', 'III');
    await office.selectOption('#screening-form [name="authority"]', 'NMPA');
    await office.selectOption('#screening-form [name="pathway"]', 'registration');
    await office.selectOption('#screening-form [name="deviceClass"]', 'III');
    await office.fill('#screening-form [name="reason"]', '临床需求明确，符合内分泌方向的布局');
    await office.click('#screening-submit');
    await office.waitForSelector('#screening-done');
    const project = await readBack(ideaId);
    expect(project).toMatchObject({ stage: 'idea', status: 'active', profile: { title: chineseIdea.title, riskClass: 'III', leadClinician: { id: 'dr-chen' } } });
    expect(project.records.disclosures).toHaveLength(1);
    // The office's part: the ethics approval and the trial the clinician will enrol patients into.
    await request(t.http)
      .post(`/projects/${ideaId}/ethics-approvals`)
      .set(OFFICE)
      .send({ committee: '上海市第六人民医院伦理委员会', reference: '2026-KY-118', approvedOn: '2026-11-28' })
      .expect(200);
    await request(t.http)
      .post(`/projects/${ideaId}/trials`)
      .set(OFFICE)
      .send({ title: '无创血糖检测仪多中心临床试验', registry: 'ChiCTR', registryId: 'ChiCTR2600012345', phase: 'pivotal', targetEnrolment: 120, registeredOn: '2026-12-01' })
      .expect(200);
  });

  it('the clinician logs a milestone, the first patient and enrolment on it, and corrects the milestone', async () => {
    await openFromMenu(chen, 'my-projects');
    await chen.waitForSelector(`#my-projects [data-project="${ideaId}"]`);
    await noSidewaysScroll(chen);
    await chen.tap(`[data-project="${ideaId}"]`);
    await chen.waitForSelector('#clinician-project[data-on-team="true"]');
    await chen.waitForSelector('.trial');
    // The trial as the clinician knows it: its registry number, phase and status.
    expect(await chen.locator('.trial .phase').textContent()).toBe('Pivotal study');
    // Only what a clinician may record is offered.
    const routes = await chen.locator('#clinician-project-page [data-route]').evaluateAll((els) => els.map((e) => e.getAttribute('data-route')));
    expect(routes.sort()).toEqual([
      '/projects/{projectId}/milestones',
      '/projects/{projectId}/prototypes',
      '/projects/{projectId}/trials/{trialId}/completion',
      '/projects/{projectId}/trials/{trialId}/enrolment',
      '/projects/{projectId}/trials/{trialId}/first-patient-in',
    ]);
    await noSidewaysScroll(chen);

    await chen.tap('[data-route="/projects/{projectId}/milestones"]');
    await record(chen, '/projects/{projectId}/milestones', { title: '样机台架测试：MARD 12%', description: '40 份参考样本，床旁对照', occurredOn: '2026-12-02' });
    await chen.tap('[data-route="/projects/{projectId}/trials/{trialId}/first-patient-in"]');
    await record(chen, '/projects/{projectId}/trials/{trialId}/first-patient-in', { occurredOn: '2026-12-03' });
    await chen.tap('[data-route="/projects/{projectId}/trials/{trialId}/enrolment"]');
    await record(chen, '/projects/{projectId}/trials/{trialId}/enrolment', { enrolled: '12', asOf: '2026-12-04' });
    await chen.waitForSelector('.trial .enrolment:has-text("12")');

    // The milestone's title was wrong: correct it, with a reason.
    await chen.waitForSelector('.milestone .correct');
    await chen.tap('.milestone .correct');
    await chen.tap('[data-field="title"]');
    await record(chen, '/projects/{projectId}/corrections', { newValue: '样机台架测试：MARD 11.8%', reason: '复核原始数据后更正' });
    await chen.waitForSelector('.milestone:has-text("MARD 11.8%")');
    await noSidewaysScroll(chen);
    await shot(chen, 'phone-project-after-logging');

    const project = await readBack(ideaId);
    expect(project.records.milestones).toEqual([expect.objectContaining({ title: '样机台架测试：MARD 11.8%', loggedBy: 'dr-chen' })]);
    expect(project.records.trials[0]).toMatchObject({ enrolled: 12, firstPatientInOn: '2026-12-03' });
    const history = (await request(t.http).get(`/projects/${ideaId}/history`).set(MANAGER).expect(200)).body.events.map((e: { type: string }) => e.type);
    expect(history).toEqual(expect.arrayContaining(['MilestoneLogged', 'FirstPatientEnrolled', 'EnrolmentUpdated', 'RecordCorrected']));
  });

  it('a second clinician’s idea is declined with a reason she reads in Indonesian; no write action on others’ projects', async () => {
    declinedId = await submitIdea(sari, indonesianIdea);
    expect(await sari.locator(`[data-idea="${declinedId}"] .mantine-Badge-label`).textContent()).toBe('Menunggu seleksi');

    await office.goto(`${url}/ideas/screening`);
    await office.waitForSelector(`[data-idea="${declinedId}"]`);
    await office.click(`[data-idea="${declinedId}"] .decline`);
    await office.waitForSelector('#screening-form[data-decision="decline"]');
    // No reason: refused, in Chinese, on the field.
    await office.click('#screening-submit');
    await office.waitForSelector('#screening-error');
    await office.fill('#screening-form [name="reason"]', declineReason);
    await office.click('#screening-submit');
    await office.waitForSelector('#screening-done');

    await sari.goto(`${url}/ideas/mine`);
    await sari.waitForSelector(`[data-idea="${declinedId}"][data-status="declined"]`);
    const card = sari.locator(`[data-idea="${declinedId}"]`);
    expect(await card.locator('.mantine-Badge-label').textContent()).toBe('Ditolak');
    expect(await card.locator('.decline-reason [translate="no"]').textContent()).toBe(declineReason);
    expect(await card.locator('.resubmit').textContent()).toBe('Ubah dan ajukan lagi');
    await noSidewaysScroll(sari);
    await shot(sari, 'phone-id-my-ideas-declined');

    // Not on Dr. Chen's team: the project reads, but offers nothing to record; a forged request is refused.
    await sari.goto(`${url}/my-projects/${ideaId}`);
    await sari.waitForSelector('#clinician-project[data-on-team="false"]');
    await sari.waitForSelector('#not-on-team');
    expect(await sari.locator('#clinician-project-page [data-route], .correct, .retract').count()).toBe(0);
    const forged = await request(t.http).post(`/projects/${ideaId}/milestones`).set(sariHeaders).send({ title: 'x', description: 'y', occurredOn: '2026-12-04' }).expect(403);
    expect(forged.body.code).toBe('not_a_team_member');
  });

  it('every text on the clinician’s and the screening screens comes from the catalogue (pseudo-locale en-XA)', async () => {
    // In en-XA every catalogue and Intl value is wrapped in ⟦…⟧; what users typed sits in translate="no".
    const untranslated = (page: Page) => page.evaluate(UNTRANSLATED) as Promise<string[]>;
    const found: string[] = [];
    const check = async (page: Page, path: string, ready: string, open?: string) => {
      await page.goto(`${url}${path}${path.includes('?') ? '&' : '?'}lang=en-XA`);
      await page.waitForSelector(ready);
      if (open) {
        await page.click(open);
        await page.waitForTimeout(300);
      }
      found.push(...(await untranslated(page)).map((x) => `${path}: ${x}`));
    };
    await check(chen, '/my-projects', `[data-project="${ideaId}"]`);
    await check(chen, `/my-projects/${ideaId}`, '.milestone');
    await check(chen, '/ideas/mine', `[data-idea="${ideaId}"]`);
    await check(chen, '/ideas/new', '#idea-form', '#attach-disclosure');
    await check(sari, `/ideas/${declinedId}/resubmit`, '#idea-form');
    await check(sari, `/my-projects/${ideaId}`, '#not-on-team');
    const another = await request(t.http).post('/ideas').set(sariHeaders).send({ ...indonesianIdea, title: 'Ide kedua' }).expect(201);
    await check(office, '/ideas/screening', `[data-idea="${another.body.projectId}"]`, `[data-idea="${another.body.projectId}"] .details`);
    await office.click(`[data-idea="${another.body.projectId}"] .accept`);
    await office.waitForSelector('#screening-form');
    found.push(...(await untranslated(office)).map((x) => `accept dialog: ${x}`));
    await office.goto(`${url}/?lang=zh-CN`);
    await sari.goto(`${url}/?lang=id`);
    await chen.goto(`${url}/?lang=en`);
    expect(found).toEqual([]);
  }, 120_000);

  it('screenshots of the clinician’s screens in English, Chinese and Indonesian, at 375 px and 1280 px', async () => {
    const screens = [
      { name: 'my-projects', path: '/my-projects', ready: `[data-project="${ideaId}"]` },
      { name: 'project', path: `/my-projects/${ideaId}`, ready: '.milestone' },
      { name: 'my-ideas', path: '/ideas/mine', ready: `[data-idea="${ideaId}"]` },
      { name: 'submit-idea', path: '/ideas/new', ready: '#idea-form' },
    ];
    const widths = [
      { label: '375', viewport: { width: 375, height: 812 } },
      { label: '1280', viewport: { width: 1280, height: 900 } },
    ];
    for (const lang of ['en', 'zh-CN', 'id']) {
      for (const { label, viewport } of widths) {
        await chen.setViewportSize(viewport);
        for (const s of screens) {
          await chen.goto(`${url}${s.path}?lang=${lang}`);
          await chen.waitForSelector(s.ready);
          await chen.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
          if (s.name === 'submit-idea') await chen.tap('#attach-disclosure');
          await noSidewaysScroll(chen);
          await chen.screenshot({ path: join(ARTIFACTS, `clinician-${s.name}-${lang}-${label}.png`), fullPage: true });
        }
      }
    }
    // Sari's declined idea, in each language, on the phone.
    for (const lang of ['en', 'zh-CN', 'id']) {
      await sari.goto(`${url}/ideas/mine?lang=${lang}`);
      await sari.waitForSelector(`[data-idea="${declinedId}"] .decline-reason`);
      await sari.screenshot({ path: join(ARTIFACTS, `clinician-my-ideas-declined-${lang}-375.png`), fullPage: true });
    }
    // The README's: the phone screens in the three languages (the top of each, small enough to keep).
    await chen.setViewportSize({ width: 375, height: 812 });
    for (const [lang, s] of [['zh-CN', 'project'], ['en', 'my-projects'], ['id', 'submit-idea']] as const) {
      const screen = screens.find((x) => x.name === s)!;
      await chen.goto(`${url}${screen.path}?lang=${lang}`);
      await chen.waitForSelector(screen.ready);
      await chen.screenshot({ path: join(SCREENSHOTS, `clinician-${s}-${lang}-phone.png`) });
    }
    await sari.goto(`${url}/ideas/mine?lang=id`);
    await sari.waitForSelector(`[data-idea="${declinedId}"] .decline-reason`);
    await sari.screenshot({ path: join(SCREENSHOTS, 'clinician-my-ideas-declined-id-phone.png') });
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('the declined clinician changes her idea and submits it again; it is back in the office’s queue', async () => {
    await sari.goto(`${url}/ideas/mine?lang=id`);
    await sari.tap(`[data-idea="${declinedId}"] .resubmit`);
    await sari.waitForSelector('#decline-reason');
    expect(await sari.inputValue('#idea-form [name="title"]')).toBe(indonesianIdea.title);
    await sari.fill('#idea-form [name="summary"]', 'Fokus pada penyetelan otomatis; berkoordinasi dengan tim RS Unhas.');
    await sari.tap('#idea-submit');
    await sari.waitForSelector(`[data-idea="${declinedId}"][data-status="submitted"]`);
    expect((await request(t.http).get(`/ideas/${declinedId}`).set(sariHeaders).expect(200)).body).toMatchObject({ status: 'submitted', submissions: 2 });
    await office.goto(`${url}/ideas/screening`);
    await office.waitForSelector(`[data-idea="${declinedId}"]`);
    expect(pageErrors).toEqual([]);
  });
});
