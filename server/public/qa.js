// QA page: check many transcript files through POST /v1/check, compare them in a sortable
// table, read one with every finding marked in place, filter, and export.
import { CSV_COLUMNS, csvCell } from './csv-export.js';
import { api, clock, el, GRADE_CLASS, SEVERITY_LABEL, SPEAKER_LABEL } from './common.js';
import { segmentText } from './highlight.js';

/** file ending → { type, binary }, from GET /v1/formats (the server's importer registry) */
const CONTENT_TYPES = new Map();
const PARALLEL_UPLOADS = 4;
const GRADE_RANK = { 优秀: 3, 良好: 2, 合格: 1, 不合格: 0 };
const SEVERITY_RANK = { error: 2, warning: 1, info: 0 };

const state = {
  /** one row per transcript (or per file that failed): { n, file, report?, transcript?, error? } */
  rows: [],
  sort: { key: undefined, dir: 1 },
  filter: { rule: '', severity: '' },
  selected: undefined,
  /** rule id -> { description, redLine } of the chosen pack */
  rules: new Map(),
};

const $ = (selector) => document.querySelector(selector);

// ---- loading -------------------------------------------------------------------------------

async function loadFormats() {
  const { formats } = await api('/v1/formats');
  for (const f of formats) {
    for (const ext of f.extensions) if (!CONTENT_TYPES.has(ext)) CONTENT_TYPES.set(ext, { type: f.types[ext], binary: f.binary });
  }
  $('#files').accept = [...CONTENT_TYPES.keys()].join(',');
  $('.drop-hint').textContent = `支持 ${[...CONTENT_TYPES.keys()].join(' ')}(talklint JSON、纯文本、阿里云/腾讯云/讯飞/AWS/FunASR/Whisper 转写结果、字幕、CSV/Excel 导出),可一次选多个文件;文件只发送到本服务器检查`;
}

async function loadPacks() {
  const { packs } = await api('/v1/packs');
  const select = $('#pack');
  select.replaceChildren(...packs.map((p) => el('option', { value: p.name, title: p.description }, `${p.name}(${p.rules} 条规则)`)));
  select.value = packs.some((p) => p.name === 'general') ? 'general' : packs[0]?.name;
  select.addEventListener('change', loadRules);
  await loadRules();
}

async function loadRules() {
  const { rules } = await api(`/v1/rules?pack=${encodeURIComponent($('#pack').value)}`);
  state.rules = new Map(rules.map((r) => [r.id, r]));
  const select = $('#filter-rule');
  const current = select.value;
  select.replaceChildren(el('option', { value: '' }, '全部规则'), ...rules.map((r) => el('option', { value: r.id, title: r.description }, `${r.id} ${r.description}`)));
  select.value = state.rules.has(current) ? current : '';
}

/** UTF-8, or GB18030 as exported by older Chinese call-centre systems. */
async function readText(file) {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function checkFile(file) {
  await formatsLoaded;
  const format = CONTENT_TYPES.get(`.${file.name.split('.').pop().toLowerCase()}`);
  if (!format) return [{ file: file.name, error: `不支持的文件类型:只接受 ${[...CONTENT_TYPES.keys()].join('、')}` }];
  const query = new URLSearchParams({ include: 'transcript', name: file.name, pack: $('#pack').value });
  try {
    const request = format.binary
      ? { method: 'POST', headers: { 'Content-Type': format.type }, body: await file.arrayBuffer() }
      : { method: 'POST', headers: { 'Content-Type': `${format.type}; charset=utf-8` }, body: await readText(file) };
    const result = await api(`/v1/check?${query}`, request);
    return (Array.isArray(result) ? result : [result]).map(({ transcript, ...report }) => ({ file: file.name, report, transcript }));
  } catch (err) {
    return [{ file: file.name, error: err.path ? `${err.message}(${err.path})` : err.message }];
  }
}

async function addFiles(files) {
  if (files.length === 0) return;
  $('#results').hidden = false;
  const queue = [...files];
  let done = 0;
  const showProgress = () => {
    $('#summary').textContent = `正在检查 ${done}/${files.length} 个文件…`;
  };
  showProgress();
  // results keep the order the files were given in, whatever order the checks finish
  const slots = files.map(() => []);
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      slots[files.indexOf(file)] = await checkFile(file);
      done++;
      showProgress();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, files.length) }, worker));
  for (const row of slots.flat()) state.rows.push({ n: state.rows.length, ...row });
  renderTable();
}

// ---- table ---------------------------------------------------------------------------------

function visibleFindings(report) {
  return report.findings.filter((f) => (!state.filter.rule || f.rule === state.filter.rule) && (!state.filter.severity || f.severity === state.filter.severity));
}

const filtering = () => Boolean(state.filter.rule || state.filter.severity);

function countsOf(row) {
  const counts = { error: 0, warning: 0, info: 0 };
  if (row.report) for (const f of visibleFindings(row.report)) counts[f.severity]++;
  return counts;
}

function sortValue(row, key) {
  if (key === 'file') return row.file;
  if (!row.report) return undefined;
  if (key === 'id') return row.report.id;
  if (key === 'score') return row.report.score;
  if (key === 'grade') return GRADE_RANK[row.report.grade];
  if (key === 'redLine') return row.report.redLine ? 1 : 0;
  return countsOf(row)[key];
}

function sortedRows() {
  const rows = state.rows.filter((r) => !filtering() || (r.report && visibleFindings(r.report).length > 0));
  const { key, dir } = state.sort;
  if (!key) return rows;
  return [...rows].sort((a, b) => {
    const [x, y] = [sortValue(a, key), sortValue(b, key)];
    if (x === undefined || y === undefined) return (x === undefined) - (y === undefined); // failed files last
    const order = typeof x === 'string' ? x.localeCompare(y, 'zh-CN') : x - y;
    return order * dir || a.n - b.n;
  });
}

function renderTable() {
  const rows = sortedRows();
  const reports = state.rows.filter((r) => r.report);
  const failing = reports.filter((r) => r.report.redLine || r.report.grade === '不合格').length;
  const errors = state.rows.length - reports.length;
  $('#summary').textContent = `共 ${reports.length} 通会话,不合格 ${failing} 通${errors ? `,${errors} 个文件无法读取` : ''}${filtering() ? `;筛选后显示 ${rows.length} 条` : ''}`;
  for (const th of document.querySelectorAll('#table th')) {
    const active = th.dataset.key === state.sort.key;
    th.setAttribute('aria-sort', active ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
  }
  $('#table tbody').replaceChildren(...rows.map(rowElement));
  $('#export-json').disabled = $('#export-csv').disabled = reports.length === 0;
}

function rowElement(row) {
  if (row.error) {
    return el('tr', { class: 'failed' }, el('td', {}, row.file), el('td', { colspan: 7, class: 'error-text' }, `无法检查:${row.error}`));
  }
  const { report } = row;
  const counts = countsOf(row);
  const open = () => showDetail(row);
  return el(
    'tr',
    { tabindex: 0, class: state.selected === row ? 'selected' : undefined, onclick: open, onkeydown: (e) => e.key === 'Enter' && open(), dataset: { file: row.file, id: report.id } },
    el('td', {}, row.file),
    el('td', {}, report.id),
    el('td', { class: 'num score' }, report.score),
    el('td', {}, el('span', { class: `badge ${GRADE_CLASS[report.grade]}` }, report.grade)),
    el('td', {}, report.redLine ? el('span', { class: 'badge redline' }, '红线') : el('span', { class: 'muted' }, '—')),
    ...['error', 'warning', 'info'].map((s) => el('td', { class: `num${counts[s] ? ` count-${s}` : ' muted'}` }, counts[s])),
  );
}

// ---- detail --------------------------------------------------------------------------------

function showDetail(row) {
  state.selected = row;
  renderTable();
  renderDetail();
  $('#detail').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function renderDetail() {
  const row = state.selected;
  const panel = $('#detail');
  if (!row) {
    panel.hidden = true;
    return;
  }
  const { report, transcript } = row;
  const findings = visibleFindings(report);
  const byTurn = new Map();
  findings.forEach((f, i) => byTurn.set(f.turn, [...(byTurn.get(f.turn) ?? []), { ...f, index: i }]));

  panel.hidden = false;
  panel.replaceChildren(
    el(
      'div',
      { class: 'detail-head' },
      el('div', {}, el('h2', {}, report.id), el('div', { class: 'muted' }, `${row.file} · ${transcript.channel === 'chat' ? '在线文字' : '电话'} · ${transcript.turns.length} 句 · 规则包 ${report.pack}`)),
      el(
        'div',
        { class: 'detail-score' },
        el('span', { class: 'big-score' }, report.score),
        el('span', { class: `badge ${GRADE_CLASS[report.grade]}` }, report.grade),
        report.redLine && el('span', { class: 'badge redline' }, '触犯红线'),
        el('button', { class: 'button subtle', onclick: () => ((state.selected = undefined), renderTable(), renderDetail()) }, '关闭 ✕'),
      ),
    ),
    ...[
      filtering() && el('p', { class: 'filter-note' }, `已按筛选条件显示 ${findings.length} / ${report.findings.length} 条问题`),
      findings.length === 0 && el('p', { class: 'clean' }, filtering() ? '没有符合筛选条件的问题。' : '未发现问题,服务规范。'),
    ].filter(Boolean),
    el('ol', { class: 'dialogue' }, transcript.turns.map((turn, i) => turnElement(turn, i, byTurn.get(i) ?? []))),
  );
}

function turnElement(turn, index, findings) {
  const spans = findings.filter((f) => f.start !== undefined);
  const pieces = segmentText(turn.text, spans);
  const text = pieces.map((piece) => {
    if (piece.findings.length === 0) return piece.text;
    const covering = piece.findings.map((k) => spans[k]);
    const worst = covering.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
    return el(
      'mark',
      {
        class: `hl sev-${worst.severity}`,
        title: covering.map((f) => f.message).join('\n'),
        dataset: { findings: covering.map((f) => f.index).join(' '), rule: covering.map((f) => f.rule).join(' ') },
        onclick: () => flash(covering.map((f) => `#note-${f.index}`)),
      },
      piece.text,
    );
  });
  return el(
    'li',
    { class: `turn speaker-${turn.speaker}${findings.length ? ' has-findings' : ''}`, id: `turn-${index}` },
    el(
      'div',
      { class: 'turn-main' },
      el('div', { class: 'turn-meta' }, el('span', { class: 'who' }, SPEAKER_LABEL[turn.speaker]), ` 第 ${index + 1} 句`, turn.start !== undefined ? ` · ${clock(turn.start)}` : ''),
      el('p', { class: 'turn-text' }, text),
    ),
    el('div', { class: 'turn-notes' }, findings.map(noteElement)),
  );
}

function noteElement(f) {
  const redLine = state.rules.get(f.rule)?.redLine;
  return el(
    'article',
    { class: `note note-${f.severity}${redLine ? ' note-redline' : ''}`, id: `note-${f.index}`, dataset: { rule: f.rule }, onclick: () => flash([`mark[data-findings~="${f.index}"]`]) },
    el(
      'header',
      {},
      el('span', { class: `badge sev-${f.severity}` }, SEVERITY_LABEL[f.severity]),
      redLine && el('span', { class: 'badge redline' }, '红线'),
      el('code', {}, f.rule),
      el('span', { class: 'deduct' }, `-${f.deduct}`),
    ),
    el('p', { class: 'msg' }, f.message),
    el('p', { class: 'quote' }, f.text !== undefined ? `原文「${f.text}」` : '针对这一句整体'),
    f.suggestion && el('p', { class: 'suggest' }, el('strong', {}, '建议:'), f.suggestion),
  );
}

function flash(selectors) {
  const nodes = selectors.flatMap((s) => [...document.querySelectorAll(s)]);
  nodes[0]?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  for (const node of nodes) {
    node.classList.remove('flash');
    void node.offsetWidth; // restart the animation
    node.classList.add('flash');
  }
}

// ---- export --------------------------------------------------------------------------------

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function exportJson() {
  const reports = state.rows.filter((r) => r.report).map((r) => ({ file: r.file, ...r.report }));
  download('talklint-reports.json', 'application/json', `${JSON.stringify(reports, null, 2)}\n`);
}

/** One line per finding (a conversation without findings still gets one line); BOM so spreadsheet programs read UTF-8. */
function exportCsv() {
  const lines = [CSV_COLUMNS];
  for (const { file, report } of state.rows.filter((r) => r.report)) {
    const head = [file, report.id, report.score, report.grade, report.redLine ? '是' : '否'];
    if (report.findings.length === 0) lines.push(head);
    for (const f of report.findings) {
      lines.push([...head, f.rule, SEVERITY_LABEL[f.severity], f.turn + 1, f.start, f.end, f.text, f.message, f.suggestion, f.deduct]);
    }
  }
  download('talklint-reports.csv', 'text/csv', `\ufeff${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`);
}

// ---- wiring --------------------------------------------------------------------------------

function wire() {
  const drop = $('#drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    addFiles([...e.dataTransfer.files]);
  });
  $('#files').addEventListener('change', (e) => {
    addFiles([...e.target.files]);
    e.target.value = '';
  });
  for (const th of document.querySelectorAll('#table th')) {
    th.tabIndex = 0;
    const sort = () => {
      state.sort = { key: th.dataset.key, dir: state.sort.key === th.dataset.key ? -state.sort.dir : 1 };
      renderTable();
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (e) => e.key === 'Enter' && sort());
  }
  for (const [id, key] of [['#filter-rule', 'rule'], ['#filter-severity', 'severity']]) {
    $(id).addEventListener('change', (e) => {
      state.filter[key] = e.target.value;
      renderTable();
      renderDetail();
    });
  }
  $('#export-json').addEventListener('click', exportJson);
  $('#export-csv').addEventListener('click', exportCsv);
  $('#clear').addEventListener('click', () => {
    state.rows = [];
    state.selected = undefined;
    renderTable();
    renderDetail();
    $('#results').hidden = true;
  });
}

wire();
const formatsLoaded = loadFormats();
Promise.all([formatsLoaded, loadPacks()]).catch((err) => {
  document.querySelector('main').prepend(el('p', { class: 'banner-error' }, `无法连接服务器:${err.message}`));
});
