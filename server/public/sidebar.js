// Agent sidebar: follows one conversation over the WebSocket stream and shows, live, the
// running score, each finding with its suggestion, and the reminders still due. Demo mode
// replays a sample transcript turn by turn (partial hypotheses first, then the final turn).
import { api, el, GRADE_CLASS, pageParams, SEVERITY_LABEL, SPEAKER_LABEL, streamUrl } from './common.js';

const REMINDERS = ['greeting', 'further_help', 'farewell'];
const PARTIAL_STEPS = 2; // hypotheses sent before each final turn in the demo

const $ = (selector) => document.querySelector(selector);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let socket;
let conversationId;
let conversationName; // what the page shows: the id, or the sample's own id in a demo
let appeared = 0; // order in which findings appeared, kept on each card
let runToken = 0; // a new demo or watch stops the one before
let previewTurn = -1; // index of the turn the shown preview is about
let watching = false; // following another connection's conversation: its text is not ours to show
let reconnectTimer; // a watch whose connection dropped tries again, waiting longer each time
let reconnectAttempts = 0;
const RECONNECT_MAX_MS = 30_000;

// ---- rendering -----------------------------------------------------------------------------

function setStatus(text, kind) {
  const status = $('#status');
  status.textContent = text;
  status.className = `status ${kind}`;
}

function notice(text) {
  const node = $('#notice');
  node.textContent = text;
  node.hidden = !text;
}

function reset() {
  appeared = 0;
  $('#findings').replaceChildren();
  $('#preview').replaceChildren();
  $('#now').hidden = true;
  $('#score').textContent = '100';
  $('#grade').hidden = true;
  $('#redline-banner').hidden = true;
  for (const li of document.querySelectorAll('#reminders li')) li.className = '';
  notice('');
  updateCount();
}

function updateCount() {
  const count = $('#findings').children.length;
  $('#count').textContent = count ? `${count} 条` : '';
  $('#empty').hidden = count > 0;
}

function renderScore({ score, grade, redLine, turns }) {
  $('#score').textContent = score;
  const badge = $('#grade');
  badge.hidden = false;
  badge.textContent = grade;
  badge.className = `badge ${GRADE_CLASS[grade]}`;
  $('#redline-banner').hidden = !redLine;
  if (turns !== undefined) $('#meta').textContent = `${conversationName} · 已分析 ${turns} 句`;
}

/** A reminder the page has no item for (a pack's own required rule): one made from its label. */
function addReminderItems(labels) {
  const list = $('#reminders');
  for (const [name, label] of Object.entries(labels ?? {})) {
    if (list.querySelector(`li[data-reminder="${CSS.escape(name)}"]`)) continue;
    list.append(el('li', { dataset: { reminder: name } }, el('span', { class: 'mark' }), '提醒', el('small', {}, label)));
    REMINDERS.push(name);
  }
}

function renderReminders(due) {
  for (const li of document.querySelectorAll('#reminders li')) {
    const name = li.dataset.reminder;
    li.className = due.includes(name) ? 'due' : REMINDERS.includes(name) ? 'done' : '';
  }
}

function findingCard({ key, finding, provisional, redLine }) {
  return el(
    'li',
    {
      class: `finding level-${finding.severity}${redLine ? ' is-redline' : ''}${provisional ? ' is-provisional' : ''}`,
      dataset: { key, rule: finding.rule, turn: finding.turn, order: appeared++ },
    },
    el(
      'div',
      { class: 'finding-head' },
      redLine ? el('span', { class: 'badge redline' }, '红线') : el('span', { class: `badge sev-${finding.severity}` }, SEVERITY_LABEL[finding.severity]),
      provisional && el('span', { class: 'badge provisional', title: '后续对话可能撤销这条提示' }, '待定'),
      el('span', { class: 'where' }, `第 ${finding.turn + 1} 句`),
      el('span', { class: 'deduct' }, `-${finding.deduct}`),
    ),
    el('p', { class: 'msg' }, finding.message),
    finding.text && el('p', { class: 'quote' }, `「${finding.text}」`),
    finding.suggestion && el('p', { class: 'suggest' }, '建议:', finding.suggestion),
  );
}

function addFinding(entry) {
  $('#findings').prepend(findingCard(entry));
  updateCount();
}

function retractFinding(key) {
  const card = [...$('#findings').children].find((c) => c.dataset.key === key);
  if (!card) return;
  card.remove();
  updateCount();
}

function renderPreview({ turn, speaker, findings }) {
  previewTurn = turn;
  $('#now').hidden = false;
  if (watching) $('#now-text').textContent = `${SPEAKER_LABEL[speaker]}正在说…`;
  $('#preview').replaceChildren(...findings.map((f) => el('li', { class: `sev-${f.severity}` }, `可能:${f.message}`, f.suggestion && el('small', {}, `建议:${f.suggestion}`))));
}

function showNow(speaker, text, final) {
  $('#now').hidden = false;
  $('#now-text').className = `now-text ${speaker}${final ? '' : ' partial'}`;
  $('#now-text').textContent = `${SPEAKER_LABEL[speaker]}:${text}${final ? '' : '…'}`;
  if (final) $('#preview').replaceChildren();
}

// ---- the stream ----------------------------------------------------------------------------

function handle(message) {
  if (message.id !== undefined && message.id !== conversationId && message.type !== 'error') return;
  switch (message.type) {
    case 'started':
      setStatus('分析中', 'live');
      // a resumed conversation comes with everything so far
      if (message.snapshot) applySnapshot(message.snapshot);
      break;
    case 'watching':
      reconnectAttempts = 0;
      setStatus(message.snapshot ? '分析中' : '等待会话开始', 'live');
      if (message.snapshot) applySnapshot(message.snapshot);
      break;
    case 'reminders':
      addReminderItems(message.labels);
      renderReminders(message.due);
      break;
    case 'finding':
      addFinding(message);
      break;
    case 'retract':
      retractFinding(message.key);
      break;
    case 'score':
      renderScore(message);
      // the final turn has replaced the hypothesis the preview was about
      if (message.turns > previewTurn) {
        $('#preview').replaceChildren();
        if (watching) $('#now').hidden = true;
      }
      break;
    case 'preview':
      renderPreview(message);
      break;
    case 'report':
      renderScore(message.report);
      for (const tag of document.querySelectorAll('.finding .provisional')) tag.remove();
      for (const card of document.querySelectorAll('.finding.is-provisional')) card.classList.remove('is-provisional');
      $('#meta').textContent = `${conversationName} · 会话结束,共 ${message.report.findings.length} 条问题`;
      $('#preview').replaceChildren();
      setStatus('已结束', 'ended');
      break;
    case 'error':
      notice(`服务器提示:${message.message}(${message.code})`);
      break;
  }
}

/** Shows a conversation's state from scratch (after a watch, a reconnect or a resume). */
function applySnapshot(snapshot) {
  reset();
  for (const entry of snapshot.findings) addFinding(entry);
  renderScore({ ...snapshot.score, turns: snapshot.turns });
  renderReminders(snapshot.due);
  if (snapshot.ended) setStatus('已结束', 'ended');
}

/** 1 s, 2 s, 4 s … up to 30 s, with jitter so that many sidebars do not all come back at once. */
function reconnectDelay(attempt) {
  const base = Math.min(RECONNECT_MAX_MS, 1000 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

function scheduleReconnect(run) {
  clearTimeout(reconnectTimer);
  const delay = reconnectDelay(reconnectAttempts++);
  setStatus(`已断开,${Math.ceil(delay / 1000)} 秒后重连`, 'idle');
  reconnectTimer = setTimeout(() => {
    if (run !== runToken) return;
    connect()
      .then(() => send({ type: 'watch', id: conversationId }))
      .catch(() => scheduleReconnect(run));
  }, delay);
}

function connect() {
  if (socket && socket.readyState <= WebSocket.OPEN) socket.close();
  socket = new WebSocket(streamUrl());
  socket.addEventListener('message', (e) => handle(JSON.parse(e.data)));
  const run = runToken;
  const opened = socket;
  socket.addEventListener('close', (e) => {
    if (opened !== socket || $('#status').classList.contains('ended')) return;
    // a watched call goes on without us: come back and catch up from the snapshot
    if (watching && run === runToken) return scheduleReconnect(run);
    setStatus(e.code === 1006 ? '连接失败' : '已断开', 'idle');
  });
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(socket), { once: true });
    socket.addEventListener('error', () => reject(new Error('无法连接 WebSocket')), { once: true });
  });
}

const send = (message) => socket.send(JSON.stringify(message));

// ---- demo and watch ------------------------------------------------------------------------

async function runDemo(name, delay) {
  const run = ++runToken;
  watching = false;
  const { transcripts } = await api(`/v1/demo/fixtures/${encodeURIComponent(name)}`);
  const transcript = transcripts[0];
  if (!transcript) throw new Error('这个样例文件里没有可用的会话');
  $('#demo-file').value = name;
  reset();
  // a demo id of its own: another visitor may be replaying the same sample
  conversationId = `${transcript.id}·演示·${Math.random().toString(36).slice(2, 6)}`;
  conversationName = `${transcript.id}(演示)`;
  await connect();
  setStatus('演示中', 'live');
  send({ type: 'start', id: conversationId, channel: transcript.channel, ...(transcript.pack && { pack: transcript.pack }) });
  for (const item of transcript.items) {
    if (run !== runToken) return;
    if (item.kind === 'event') {
      send({ type: 'event', event: item.event });
      continue;
    }
    const { speaker, text, start } = item.turn;
    for (let step = 1; step <= PARTIAL_STEPS; step++) {
      const partial = text.slice(0, Math.ceil((text.length * step) / (PARTIAL_STEPS + 1)));
      showNow(speaker, partial, false);
      send({ type: 'partial', speaker, text: partial, ...(start !== undefined && { start }) });
      await sleep(delay / (PARTIAL_STEPS + 2));
    }
    showNow(speaker, text, true);
    send({ type: 'turn', ...item.turn });
    await sleep((delay * 2) / (PARTIAL_STEPS + 2));
  }
  if (run === runToken) send({ type: 'end' });
}

async function watch(id) {
  ++runToken;
  clearTimeout(reconnectTimer);
  reconnectAttempts = 0;
  watching = true;
  reset();
  conversationId = conversationName = id;
  $('#meta').textContent = `${id} · 等待转写`;
  await connect();
  send({ type: 'watch', id });
}

async function loadDemoFiles() {
  const { fixtures } = await api('/v1/demo/fixtures');
  $('#demo-file').replaceChildren(...fixtures.map((f) => el('option', { value: f.name }, f.name)));
  if (fixtures.length === 0) {
    $('#demo-start').disabled = true;
    notice('服务器上没有样例会话(fixtures 文件夹为空)');
  }
}

function wire() {
  const failed = (err) => {
    setStatus('出错', 'idle');
    notice(err.message);
  };
  $('#demo-start').addEventListener('click', () => runDemo($('#demo-file').value, Number($('#demo-speed').value)).catch(failed));
  $('#watch-start').addEventListener('click', () => {
    const id = $('#watch-id').value.trim();
    if (id) watch(id).catch(failed);
  });
  // ?demo=<fixture>[&delay=ms] starts a demo at once, ?watch=<id> follows a live conversation
  loadDemoFiles()
    .then(() => {
      if (pageParams.has('demo')) return runDemo(pageParams.get('demo'), Number(pageParams.get('delay') ?? 900));
      if (pageParams.has('watch')) return watch(pageParams.get('watch'));
    })
    .catch(failed);
}

wire();
