// The management dashboard: plain DOM, every value written with textContent (never innerHTML),
// so whatever a user typed into the record is shown, never run.
(() => {
  'use strict';
  const STAGES = ['idea', 'patent', 'prototype', 'clinical_validation', 'regulatory_review', 'approved'];
  const STAGE_LABEL = {
    idea: 'Idea', patent: 'Patent', prototype: 'Prototype', clinical_validation: 'Clinical validation',
    regulatory_review: 'Regulatory review', approved: 'Approved',
  };
  const STATUS_LABEL = { active: 'Active', on_hold: 'On hold', terminated: 'Killed', approved: 'Approved' };
  const state = { filters: {}, asOf: '', stalledDays: 90, charts: {}, filterOptionsLoaded: false };
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = String(value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const token = () => sessionStorage.getItem('token');

  async function api(path, params = {}) {
    const url = new URL(path, location.origin);
    for (const [k, v] of Object.entries(params)) if (v !== '' && v !== undefined && v !== null) url.searchParams.set(k, v);
    const headers = { Accept: 'application/json' };
    if (token()) headers.Authorization = `Bearer ${token()}`;
    const res = await fetch(url, { headers });
    if (res.status === 401) {
      showLogin();
      throw new Error('Please sign in');
    }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.detail || body.title || `${res.status} ${res.statusText}`);
    return body;
  }

  // ---- sign-in -------------------------------------------------------------------------------
  function showLogin() {
    $('login').hidden = false;
    $('dashboard').hidden = true;
  }

  async function postJson(path, body, auth) {
    const headers = { 'Content-Type': 'application/json' };
    if (auth) headers.Authorization = `Bearer ${auth}`;
    const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
    return { ok: res.ok, body: await res.json().catch(() => ({})) };
  }

  function signedIn(body) {
    sessionStorage.setItem('token', body.accessToken);
    $('login').hidden = true;
    $('dashboard').hidden = false;
    load();
  }

  let pendingPassword = '';
  $('loginForm').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    $('loginError').textContent = '';
    const username = String(form.get('username'));
    const { ok, body } = await postJson('/auth/login', { username, password: form.get('password') });
    if (!ok) {
      $('loginError').textContent = body.detail || body.title || 'Sign-in failed';
      return;
    }
    sessionStorage.setItem('who', username);
    if (body.mustChangePassword) {
      // A bootstrap or reset account: only a password change is allowed until it has its own.
      pendingPassword = String(form.get('password'));
      sessionStorage.setItem('token', body.accessToken);
      $('loginForm').hidden = true;
      $('passwordForm').hidden = false;
      return;
    }
    signedIn(body);
  });

  $('passwordForm').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const { ok, body } = await postJson('/auth/password', { currentPassword: pendingPassword, newPassword: form.get('newPassword') }, token());
    if (!ok) {
      $('passwordError').textContent = body.detail || body.title || 'Could not change the password';
      return;
    }
    pendingPassword = '';
    signedIn(body);
  });

  $('logout').addEventListener('click', () => {
    sessionStorage.clear();
    location.reload();
  });

  // ---- formatting ----------------------------------------------------------------------------
  const fmtDate = (iso) => (iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '—');
  const fmtDays = (d) => (d === null || d === undefined ? '—' : d < 1 ? '<1 d' : `${Math.round(d)} d`);
  const pct = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);
  const daysSince = (iso) => (iso ? (Date.now() - new Date(iso).getTime()) / 86_400_000 : null);
  const asOfParam = () => (state.asOf ? new Date(state.asOf).toISOString() : '');

  function setStatus(text) {
    $('status').textContent = text;
  }

  // ---- loading -------------------------------------------------------------------------------
  async function load() {
    setStatus('Loading…');
    const filters = state.filters;
    const asOf = asOfParam();
    try {
      const [board, funnel, times, stalled, activity] = await Promise.all([
        api('/pipeline/board', { ...filters, asOf, limitPerStage: 200 }),
        api('/pipeline/funnel', { asOf }),
        api('/pipeline/time-in-stage'),
        api('/pipeline/stalled', { ...filters, days: state.stalledDays, pageSize: 50 }),
        api('/pipeline/activity', { limit: 40 }),
      ]);
      if (!state.filterOptionsLoaded && !Object.values(filters).some(Boolean)) fillFilterOptions(board);
      renderKpis(board, stalled);
      renderBoard(board);
      renderFunnel(funnel);
      renderTimes(times);
      renderStalled(stalled);
      renderFeed(activity);
      const who = sessionStorage.getItem('who');
      $('who').textContent = who || '';
      $('logout').hidden = !token();
      setStatus(asOf ? `As recorded on ${new Date(asOf).toLocaleString()}` : `Updated ${new Date().toLocaleTimeString()}`);
      document.body.dataset.loaded = 'true';
    } catch (error) {
      setStatus(error.message);
    }
  }

  function fillFilterOptions(board) {
    const cards = board.stages.flatMap((s) => s.projects);
    for (const [key, id] of [['institution', 'f-institution'], ['deviceType', 'f-deviceType'], ['therapeuticArea', 'f-therapeuticArea']]) {
      const select = $(id);
      for (const value of [...new Set(cards.map((c) => c[key]))].sort()) select.append(el('option', { value, text: value }));
    }
    state.filterOptionsLoaded = true;
  }

  function renderKpis(board, stalled) {
    $('kpi-total').textContent = board.total;
    for (const status of ['active', 'approved', 'on_hold', 'terminated']) $(`kpi-${status}`).textContent = board.byStatus[status] ?? 0;
    $('kpi-stalled').textContent = stalled.total;
    $('kpi-stalled-label').textContent = `Stalled > ${state.stalledDays} d`;
  }

  function projectCard(card) {
    return el(
      'button',
      { type: 'button', class: `project ${card.status}`, dataset: { projectId: card.projectId }, onclick: () => openProject(card.projectId) },
      el('div', { class: 'project-title', text: card.title }),
      el(
        'div',
        { class: 'project-meta' },
        el('span', { class: `badge ${card.riskClass}`, text: `Class ${card.riskClass}` }),
        card.status !== 'active' ? el('span', { class: `badge ${card.status}`, text: STATUS_LABEL[card.status] }) : null,
        el('span', { text: card.institution }),
        ['active', 'on_hold'].includes(card.status) ? el('span', { text: `${fmtDays(daysSince(card.stageEnteredAt))} in stage` }) : null,
      ),
    );
  }

  function renderBoard(board) {
    const columns = STAGES.map((stage) => {
      const column = board.stages.find((s) => s.stage === stage) || { count: 0, projects: [] };
      return el(
        'div',
        { class: 'column', dataset: { stage } },
        el(
          'div',
          { class: 'column-head' },
          el('span', { text: STAGE_LABEL[stage] }),
          el('button', { type: 'button', class: 'count', title: 'Projects and events behind this number', text: column.count, onclick: () => drillDown('board', stage, `${STAGE_LABEL[stage]}: projects on the board`) }),
        ),
        column.projects.length ? column.projects.map(projectCard) : el('div', { class: 'empty', text: 'No projects' }),
      );
    });
    $('board').replaceChildren(...columns);
  }

  function chart(id, config) {
    if (state.charts[id]) state.charts[id].destroy();
    state.charts[id] = new Chart($(id), config);
  }

  function renderFunnel(funnel) {
    const labels = funnel.stages.map((s) => STAGE_LABEL[s.stage]);
    chart('funnelChart', {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'Reached', data: funnel.stages.map((s) => s.reached), backgroundColor: '#0b5c7d', metric: 'funnel.reached' },
          { label: 'In stage now', data: funnel.stages.map((s) => s.currentlyIn), backgroundColor: '#12856f', metric: 'funnel.currentlyIn' },
          { label: 'Killed there', data: funnel.stages.map((s) => s.killed), backgroundColor: '#b42318', metric: 'funnel.killed' },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        onClick: (_, elements, c) => {
          if (!elements.length) return;
          const { datasetIndex, index } = elements[0];
          const dataset = c.data.datasets[datasetIndex];
          drillDown(dataset.metric, funnel.stages[index].stage, `${dataset.label}: ${labels[index]}`);
        },
      },
    });
    const rows = funnel.stages.map((s) =>
      el('tr', { dataset: { stage: s.stage } },
        el('td', { text: STAGE_LABEL[s.stage] }),
        el('td', { class: 'num reached', text: s.reached }),
        el('td', { class: 'num', text: s.currentlyIn }),
        el('td', { class: 'num', text: s.killed }),
        el('td', { class: 'num', text: pct(s.conversionToNext) }),
      ),
    );
    $('funnelTable').replaceChildren(
      el('thead', {}, el('tr', {}, el('th', { text: 'Stage' }), el('th', { class: 'num', text: 'Reached' }), el('th', { class: 'num', text: 'Now' }), el('th', { class: 'num', text: 'Killed' }), el('th', { class: 'num', text: 'To next' }))),
      el('tbody', {}, rows),
    );
  }

  function renderTimes(report) {
    const labels = report.stages.map((s) => STAGE_LABEL[s.stage]);
    chart('timeChart', {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'Median days', data: report.stages.map((s) => s.medianDays), backgroundColor: '#12856f' },
          { label: 'p90 days', data: report.stages.map((s) => s.p90Days), backgroundColor: '#9cc9bd' },
          { label: 'Current median age', data: report.stages.map((s) => s.currentMedianAgeDays), backgroundColor: '#d9a441' },
        ],
      },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: 'days' } } } },
    });
    const c = report.cycleTime;
    $('cycleTime').textContent = c.projects
      ? `Idea → approval: median ${fmtDays(c.medianDays)}, p90 ${fmtDays(c.p90Days)} (${c.projects} projects)`
      : 'No project has reached approval yet';
    $('timeTable').replaceChildren(
      el('thead', {}, el('tr', {}, el('th', { text: 'Stage' }), el('th', { class: 'num', text: 'Median' }), el('th', { class: 'num', text: 'p90' }), el('th', { class: 'num', text: 'In stage now' }))),
      el('tbody', {}, report.stages.map((s) =>
        el('tr', {}, el('td', { text: STAGE_LABEL[s.stage] }), el('td', { class: 'num', text: fmtDays(s.medianDays) }), el('td', { class: 'num', text: fmtDays(s.p90Days) }),
          el('td', { class: 'num' }, el('button', { type: 'button', class: 'linkish', text: s.currentCount, onclick: () => drillDown('timeInStage.current', s.stage, `In ${STAGE_LABEL[s.stage]} now`) })))),
      ),
    );
  }

  function renderStalled(stalled) {
    $('stalledHint').textContent = `No activity for ${state.stalledDays} days or more`;
    if (!stalled.items.length) {
      $('stalledTable').replaceChildren(el('tbody', {}, el('tr', {}, el('td', { class: 'empty', text: 'Nothing stalled' }))));
      return;
    }
    $('stalledTable').replaceChildren(
      el('thead', {}, el('tr', {}, el('th', { text: 'Project' }), el('th', { text: 'Stage' }), el('th', { text: 'Lead clinician' }), el('th', { class: 'num', text: 'Silent for' }))),
      el('tbody', {}, stalled.items.map((p) =>
        el('tr', {},
          el('td', {}, el('button', { type: 'button', class: 'linkish', text: p.title, onclick: () => openProject(p.projectId) })),
          el('td', { text: STAGE_LABEL[p.stage] }),
          el('td', { text: p.leadClinician.name }),
          el('td', { class: 'num', text: fmtDays(p.daysSinceLastEvent) }),
        ))),
    );
  }

  function renderFeed(activity) {
    const items = activity.items.map((a) =>
      el('li', {},
        el('span', { class: 'what' }, el('button', { type: 'button', class: 'linkish', text: a.summary, onclick: () => openProject(a.projectId) })),
        el('span', { class: 'when', title: `Recorded ${new Date(a.recordedAt).toLocaleString()}`, text: fmtDate(a.occurredAt) }),
        el('span', { class: 'who-line', text: `${a.actor.name} (${a.actor.role.replace('_', ' ')}) · ${a.projectTitle ?? ''}${a.reason ? ` · “${a.reason}”` : ''}` }),
      ),
    );
    $('feed').replaceChildren(...(items.length ? items : [el('li', { class: 'empty', text: 'No activity yet' })]));
  }

  // ---- drawer: a project's record and history, or the projects behind a number ------------------
  function openDrawer(title, ...content) {
    $('drawerTitle').textContent = title;
    // Optional sections come as null: replaceChildren would show them as the text "null".
    $('drawerBody').replaceChildren(...content.filter(Boolean));
    $('drawer').hidden = false;
  }

  async function openProject(projectId) {
    openDrawer('Loading…');
    try {
      const asOf = asOfParam();
      const [project, history] = await Promise.all([api(`/projects/${projectId}`, { asOf }), api(`/projects/${projectId}/history`)]);
      const p = project.profile;
      const counts = Object.entries(project.records).filter(([, list]) => list.length).map(([kind, list]) => `${list.length} ${kind.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
      const facts = el('dl', { class: 'facts' },
        ...[
          ['Stage', `${STAGE_LABEL[project.stage]} · ${STATUS_LABEL[project.status]}`],
          ['Device', `${p.deviceType}, class ${p.riskClass}`],
          ['Institution', `${p.institution} — ${p.department}`],
          ['Lead clinician', p.leadClinician.name],
          ['Therapeutic area', p.therapeuticArea],
          ['Targets', p.targets.map((t) => `${t.authority} ${t.pathway}`).join(', ')],
          ['Records', counts.join(', ') || 'none yet'],
          ['Revision', `${project.revision}${asOf ? ` (as of ${new Date(asOf).toLocaleString()})` : ''}`],
        ].flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]),
      );
      const missing = project.missingEvidence.length
        ? el('div', { class: 'missing' }, el('strong', { text: `Before a go to ${STAGE_LABEL[project.nextStage] ?? 'the next stage'}:` }), el('ul', {}, project.missingEvidence.map((m) => el('li', { text: m.message }))))
        : null;
      const timeline = el('ol', { class: 'timeline' }, [...history.events].reverse().map((e) =>
        el('li', {},
          el('div', { class: 'type', text: e.type.replace(/([a-z])([A-Z])/g, '$1 $2') }),
          el('div', { class: 'meta', text: `${e.actor.name} (${e.actor.role.replace('_', ' ')}) · happened ${fmtDate(e.occurredAt)} · recorded ${new Date(e.recordedAt).toLocaleString()}` }),
          e.reason ? el('div', { class: 'reason', text: `Reason: ${e.reason}` }) : null,
          el('div', { class: 'mono', text: `rev ${e.revision} · event ${e.eventId}` }),
        )));
      openDrawer(p.title, facts, missing, el('h3', { text: 'History' }), timeline);
    } catch (error) {
      openDrawer('Could not load the project', el('p', { class: 'error', text: error.message }));
    }
  }

  async function drillDown(metric, stage, title) {
    openDrawer('Loading…');
    try {
      const params = { metric, stage, pageSize: 100, ...(metric.startsWith('funnel') || metric === 'board' ? { asOf: asOfParam() } : {}), ...(metric === 'board' || metric === 'stalled' ? state.filters : {}), ...(metric === 'stalled' ? { days: state.stalledDays } : {}) };
      const result = await api('/pipeline/drill-down', params);
      const rows = result.items.map((item) =>
        el('tr', {},
          el('td', {}, el('button', { type: 'button', class: 'linkish', text: item.title ?? item.projectId, onclick: () => openProject(item.projectId) })),
          el('td', { text: item.stage ? STAGE_LABEL[item.stage] : '' }),
          el('td', { class: 'mono', text: item.eventIds.join(' ') }),
        ));
      openDrawer(`${title} (${result.total})`,
        el('p', { class: 'hint', text: 'Each project and the events that put it in this number.' }),
        el('table', { class: 'table' }, el('thead', {}, el('tr', {}, el('th', { text: 'Project' }), el('th', { text: 'Stage now' }), el('th', { text: 'Events' }))), el('tbody', {}, rows)));
    } catch (error) {
      openDrawer('Could not load the numbers', el('p', { class: 'error', text: error.message }));
    }
  }

  $('drawerClose').addEventListener('click', () => ($('drawer').hidden = true));
  $('drawer').addEventListener('click', (e) => { if (e.target === $('drawer')) $('drawer').hidden = true; });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') $('drawer').hidden = true; });

  // ---- controls ------------------------------------------------------------------------------
  for (const select of document.querySelectorAll('[data-filter]')) {
    select.addEventListener('change', () => {
      state.filters[select.dataset.filter] = select.value;
      load();
    });
  }
  $('stalledDays').addEventListener('change', (e) => {
    const days = Number(e.target.value);
    if (Number.isInteger(days) && days >= 1 && days <= 3650) {
      state.stalledDays = days;
      load();
    }
  });
  $('asOf').addEventListener('change', (e) => {
    state.asOf = e.target.value;
    load();
  });
  $('asOfClear').addEventListener('click', () => {
    $('asOf').value = '';
    state.asOf = '';
    load();
  });
  for (const kpi of document.querySelectorAll('[data-kpi]')) {
    kpi.addEventListener('click', () => {
      const which = kpi.dataset.kpi;
      if (which === 'stalled') return drillDown('stalled', null, `Stalled for ${state.stalledDays}+ days`);
      const status = ['active', 'approved', 'on_hold', 'terminated'].includes(which) ? which : '';
      state.filters.status = status;
      load();
    });
  }

  load();
})();
