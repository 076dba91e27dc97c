// 质检台: the stored conversations with filters and paging; open one to review
// each finding in place; upload files to check and store them.
import { el, GRADE_CLASS } from './common.js';
import { showConversation } from './conversation-view.js';
import { agentLabel, banner, call, renderTopbar, REVIEWER_ROLES, shortTime, signedIn, STATUS_LABEL } from './review-common.js';

const main = document.getElementById('main');
const listPanel = document.getElementById('list-panel');
const form = document.getElementById('filters');
const tbody = document.querySelector('#table tbody');
const detail = document.getElementById('detail');
const summary = document.getElementById('summary');
const prev = document.getElementById('prev');
const next = document.getElementById('next');
const PAGE_SIZE = 20;

const sampling = document.getElementById('sampling');
const session = await signedIn(main);
main.append(listPanel, sampling, detail);
renderTopbar(document.getElementById('topbar'), 'review.html', session);
listPanel.hidden = false;
if (!REVIEWER_ROLES.includes(session.role)) {
  document.getElementById('mine-label').hidden = true;
  form.querySelector('.upload').hidden = true;
}

const ruleSelect = form.elements.rule;
call('/v1/rules')
  .then(({ data }) => ruleSelect.append(...data.rules.map((r) => el('option', { value: r.id }, r.id))))
  .then(() => fillForm())
  .catch(() => undefined);

// the filters live in the address, so the dashboard can link to the conversations behind a number
function fillForm() {
  const params = new URLSearchParams(location.search);
  for (const element of form.elements) {
    if (!element.name) continue;
    if (element.type === 'checkbox') element.checked = params.get(element.name) === element.value || (element.name === 'assignee' && params.has('assignee'));
    else if (params.has(element.name)) element.value = params.get(element.name);
  }
}

function queryOf() {
  const params = new URLSearchParams();
  for (const element of form.elements) {
    if (!element.name || element.type === 'file') continue;
    if (element.type === 'checkbox') {
      if (element.checked) params.set(element.name, element.name === 'assignee' ? session.user : element.value);
    } else if (element.value) params.set(element.name, element.value);
  }
  return params;
}

let cursors = [null];
let page = 0;

async function load() {
  const params = queryOf();
  params.set('limit', String(PAGE_SIZE));
  if (cursors[page]) params.set('cursor', cursors[page]);
  try {
    const { data } = await call(`/v1/conversations?${params}`);
    cursors[page + 1] = data.next;
    prev.disabled = page === 0;
    next.disabled = !data.next;
    summary.textContent = data.items.length === 0 ? '没有符合条件的会话' : `第 ${page + 1} 页,本页 ${data.items.length} 条`;
    tbody.replaceChildren(
      ...data.items.map((item) => {
        const row = el(
          'tr',
          { dataset: { id: item.id }, tabindex: '0' },
          el('td', {}, item.id),
          el('td', {}, agentLabel(item.agent)),
          el('td', {}, item.team ?? ''),
          el('td', {}, shortTime(item.startedAt)),
          el('td', { class: 'num' }, String(item.score)),
          el('td', { class: 'num score' }, String(item.reviewedScore)),
          el('td', {}, el('span', { class: `badge ${GRADE_CLASS[item.grade] ?? ''}` }, item.grade)),
          el('td', {}, item.redLine ? el('span', { class: 'badge redline' }, '红线') : ''),
          el('td', {}, el('span', { class: `badge status status-${item.status}` }, STATUS_LABEL[item.status])),
        );
        const open = async () => {
          tbody.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
          row.classList.add('selected');
          await showConversation(detail, item.id, session, load);
          detail.scrollIntoView({ behavior: 'smooth', block: 'start' });
        };
        row.addEventListener('click', open);
        row.addEventListener('keydown', (e) => e.key === 'Enter' && open());
        return row;
      }),
    );
  } catch (err) {
    banner(listPanel, `读取失败:${err.message}`);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  history.replaceState(null, '', `?${queryOf()}`);
  cursors = [null];
  page = 0;
  load();
});
prev.addEventListener('click', () => {
  page = Math.max(0, page - 1);
  load();
});
next.addEventListener('click', () => {
  page += 1;
  load();
});

const CONTENT_TYPES = { json: 'application/json', jsonl: 'application/x-ndjson', ndjson: 'application/x-ndjson', txt: 'text/plain' };
document.getElementById('upload').addEventListener('change', async (event) => {
  const files = [...event.target.files];
  let stored = 0;
  const failed = [];
  for (const file of files) {
    const type = CONTENT_TYPES[file.name.split('.').pop().toLowerCase()];
    try {
      await call(`/v1/conversations?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: await file.text(), headers: { 'Content-Type': type ?? 'text/plain' } });
      stored++;
    } catch (err) {
      failed.push(`${file.name}:${err.message}`);
    }
  }
  event.target.value = '';
  banner(listPanel, `已检查并入库 ${stored} 个文件${failed.length ? `;失败 ${failed.length} 个:${failed.join(';')}` : ''}`, failed.length ? 'error' : 'ok');
  cursors = [null];
  page = 0;
  await load();
});

// 抽检: every red line and 不合格 plus a seeded share of the rest, spread over the reviewers named
const planForm = document.getElementById('plan-form');
async function loadPlans() {
  const { data } = await call('/v1/sampling-plans');
  document.getElementById('plans').replaceChildren(
    ...data.items.map((p) => el('li', {}, `${shortTime(p.createdAt)} ${p.name}:共 ${p.total} 条(${Object.entries(p.byReviewer).map(([name, n]) => `${name} ${n}`).join(',')}),种子 ${p.params.seed}`)),
  );
}
if (['lead', 'admin'].includes(session.role)) {
  sampling.hidden = false;
  planForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = planForm.elements;
    const plan = {
      name: f.name.value.trim(),
      ...(f.from.value && { from: f.from.value }),
      ...(f.to.value && { to: f.to.value }),
      redLines: f.redLines.checked,
      failed: f.failed.checked,
      percent: Number(f.percent.value),
      seed: Number(f.seed.value),
      reviewers: f.reviewers.value.split(/[,,\s]+/).filter(Boolean),
    };
    try {
      const { data } = await call('/v1/sampling-plans', { method: 'POST', body: plan });
      banner(sampling, `已生成抽检任务 ${data.total} 条`, 'ok');
      await loadPlans();
    } catch (err) {
      banner(sampling, `生成失败:${err.message}`);
    }
  });
  await loadPlans();
}

fillForm();
await load();
