// 看板: score and pass-rate trend by day, red lines, the rules hit most,
// agents and teams ranked, the false-hit rate per rule; every number links to
// the conversations behind it in the 质检台.
import { el } from './common.js';
import { call, renderTopbar, REVIEWER_ROLES, signedIn } from './review-common.js';

const main = document.getElementById('main');
const board = document.getElementById('board');
const charts = document.getElementById('charts');
const form = document.getElementById('filters');

const session = await signedIn(main);
main.append(board, charts);
renderTopbar(document.getElementById('topbar'), 'dashboard.html', session);
board.hidden = false;
charts.hidden = false;

const echarts = globalThis.echarts;
const instances = new Map();
function chart(id) {
  if (!instances.has(id)) instances.set(id, echarts.init(document.getElementById(id), null, { renderer: 'canvas' }));
  return instances.get(id);
}
window.addEventListener('resize', () => instances.forEach((c) => c.resize()));

function filters() {
  const params = new URLSearchParams();
  for (const name of ['from', 'to', 'team']) if (form.elements[name].value) params.set(name, form.elements[name].value);
  return params;
}

/** The 质检台 with these filters plus `extra`: where a click on a number leads. */
function drillDown(extra) {
  const params = filters();
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  location.href = `review.html?${params}`;
}

const percent = (x) => `${Math.round(x * 1000) / 10}%`;

function kpi(label, value, testId) {
  return el('div', { class: 'kpi', dataset: { testid: testId } }, el('span', { class: 'muted' }, label), el('strong', {}, value));
}

function rankRows(tbody, rows, key) {
  tbody.replaceChildren(
    ...rows.map((r) => {
      const label = key === 'agent' ? [r.name, r.key].filter(Boolean).join(' · ') || '(未填写)' : r.key ?? '(未填写)';
      const row = el(
        'tr',
        { dataset: { key: r.key ?? '' } },
        el('td', {}, label),
        el('td', { class: 'num' }, String(r.conversations)),
        el('td', { class: 'num' }, String(r.avgScore)),
        el('td', { class: 'num score' }, String(r.avgReviewedScore)),
        el('td', { class: 'num' }, percent(r.passRate)),
        el('td', { class: 'num' }, String(r.redLines)),
      );
      if (r.key) row.addEventListener('click', () => drillDown({ [key]: r.key }));
      return row;
    }),
  );
}

async function load() {
  const q = filters();
  const [byDay, byRule, byAgent, byTeam] = await Promise.all(
    ['day', 'rule', 'agent', 'team'].map((by) => call(`/v1/stats?by=${by}&${q}`).then((r) => r.data.rows)),
  );
  const total = byDay.reduce((n, r) => n + r.conversations, 0);
  const weighted = (field) => (total === 0 ? 0 : Math.round((byDay.reduce((s, r) => s + r[field] * r.conversations, 0) / total) * 10) / 10);
  document.getElementById('kpis').replaceChildren(
    kpi('会话数', String(total), 'kpi-conversations'),
    kpi('自动均分', String(weighted('avgScore')), 'kpi-auto'),
    kpi('复核均分', String(weighted('avgReviewedScore')), 'kpi-reviewed'),
    kpi('合格率', percent(total === 0 ? 0 : byDay.reduce((s, r) => s + r.passRate * r.conversations, 0) / total), 'kpi-pass'),
    kpi('红线', String(byDay.reduce((n, r) => n + r.redLines, 0)), 'kpi-redlines'),
  );

  const days = byDay.map((r) => r.key);
  const trend = chart('trend');
  trend.setOption({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['自动均分', '复核均分', '合格率'] },
    grid: { left: 40, right: 48, bottom: 30, top: 56 },
    xAxis: { type: 'category', data: days },
    yAxis: [{ type: 'value', min: 0, max: 100, name: '分' }, { type: 'value', min: 0, max: 100, name: '%' }],
    series: [
      { name: '自动均分', type: 'line', data: byDay.map((r) => r.avgScore) },
      { name: '复核均分', type: 'line', data: byDay.map((r) => r.avgReviewedScore) },
      { name: '合格率', type: 'line', yAxisIndex: 1, data: byDay.map((r) => Math.round(r.passRate * 1000) / 10) },
    ],
  });
  trend.off('click');
  trend.on('click', (p) => drillDown({ from: p.name, to: p.name }));

  const redlines = chart('redlines');
  redlines.setOption({
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, bottom: 30, top: 20 },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: '红线', type: 'bar', data: byDay.map((r) => r.redLines), itemStyle: { color: '#d92d20' } }],
  });
  redlines.off('click');
  redlines.on('click', (p) => drillDown({ from: p.name, to: p.name, redLine: 'true' }));

  const top = byRule.slice(0, 10).reverse();
  const rules = chart('rules');
  rules.setOption({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 150, right: 24, bottom: 24, top: 10 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: top.map((r) => r.key) },
    series: [{ name: '命中次数', type: 'bar', data: top.map((r) => r.findings), itemStyle: { color: '#2563eb' } }],
  });
  rules.off('click');
  rules.on('click', (p) => drillDown({ rule: p.name }));

  if (REVIEWER_ROLES.includes(session.role)) {
    const { data } = await call(`/v1/false-hits?${q}`);
    const reviewed = data.rules.filter((r) => r.reviewed > 0).slice(0, 10).reverse();
    const falsehits = chart('falsehits');
    falsehits.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (items) => items.map((i) => `${i.name}:误判 ${reviewed[i.dataIndex].rejected} / 复核 ${reviewed[i.dataIndex].reviewed}`).join('<br>') },
      grid: { left: 150, right: 24, bottom: 24, top: 10 },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: reviewed.map((r) => r.rule) },
      series: [{ name: '误判率', type: 'bar', data: reviewed.map((r) => Math.round(r.rate * 1000) / 10), itemStyle: { color: '#b54708' } }],
    });
    falsehits.off('click');
    falsehits.on('click', (p) => drillDown({ rule: p.name, status: 'reviewed' }));
  } else {
    document.getElementById('falsehits').closest('.chart-panel').hidden = true;
  }

  rankRows(document.querySelector('#agents tbody'), byAgent, 'agent');
  rankRows(document.querySelector('#teams tbody'), byTeam, 'team');
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});
await load();
