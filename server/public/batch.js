// QA page, batch panel: submit files as one batch to the queue (POST /v1/batches) or follow a
// batch by its id (?batch=<id>), with its progress (GET /v1/batches/:id) until every conversation
// is stored or failed. Shown only when the server has a queue (TALKLINT_REDIS_URL).
import { api, el, pageParams, token } from './common.js';

const POLL_MS = 1000;
const $ = (selector) => document.querySelector(selector);
let following;

/** Whether the server takes batches; while it wants a token the QA page has not asked for yet (401), asks again. */
async function hasQueue() {
  for (let tries = 0; tries < 30; tries++) {
    const res = await fetch('/v1/batches', { headers: token() ? { Authorization: `Bearer ${token()}` } : {} });
    if (res.ok) return (await res.json()).queue === true;
    if (res.status !== 401) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}

/** The transcripts of .json / .jsonl files as JSON Lines; plain text cannot go into a batch body. */
async function batchBody(files) {
  const lines = [];
  const skipped = [];
  for (const file of files) {
    const text = (await file.text()).replace(/^\ufeff/, '');
    const extension = file.name.split('.').pop().toLowerCase();
    if (extension === 'jsonl' || extension === 'ndjson') lines.push(...text.split(/\r?\n/).filter((l) => l.trim() !== ''));
    else if (extension === 'json') {
      try {
        const value = JSON.parse(text);
        for (const item of Array.isArray(value) ? value : [value]) lines.push(JSON.stringify(item));
      } catch {
        // sent as it is: the batch keeps it as a failed input with the parser's message
        lines.push(text.replace(/\r?\n/g, ' '));
      }
    } else skipped.push(file.name);
  }
  return { body: lines.join('\n'), count: lines.length, skipped };
}

function render(status) {
  const settled = status.done + status.failed;
  $('#batch-progress').max = status.total;
  $('#batch-progress').value = settled;
  $('#batch-status').textContent =
    `批量任务 ${status.batchId}：已入库 ${status.done} / ${status.total}，失败 ${status.failed}` + (settled >= status.total ? '（已完成）' : '（处理中…）');
  $('#batch-errors').replaceChildren(
    ...status.errors.map((e) => el('li', {}, [e.where, e.id && `会话 ${e.id}`].filter(Boolean).join('，'), '：', e.message)),
  );
}

async function follow(batchId) {
  const mine = (following = batchId);
  $('#batch-view').hidden = false;
  history.replaceState(null, '', `?batch=${encodeURIComponent(batchId)}`);
  for (;;) {
    if (following !== mine) return;
    let status;
    try {
      status = await api(`/v1/batches/${encodeURIComponent(batchId)}`);
    } catch (err) {
      $('#batch-status').textContent = err.status === 404 ? `没有批量任务 ${batchId}（任务记录保留 7 天）` : `无法读取进度：${err.message}`;
      return;
    }
    render(status);
    if (status.done + status.failed >= status.total) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function submit(files) {
  const { body, count, skipped } = await batchBody(files);
  if (skipped.length > 0) $('#batch-status').textContent = `纯文本文件不能放进批量任务，已跳过：${skipped.join('、')}`;
  if (count === 0) return;
  const query = new URLSearchParams({ pack: $('#pack').value });
  try {
    const { batchId } = await api(`/v1/batches?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8' }, body });
    await follow(batchId);
  } catch (err) {
    $('#batch-view').hidden = false;
    $('#batch-status').textContent = `提交失败：${err.message}`;
  }
}

if (await hasQueue()) {
  $('#batch').hidden = false;
  $('#batch-files').addEventListener('change', (e) => submit([...e.target.files]));
  $('#batch-follow').addEventListener('submit', (e) => {
    e.preventDefault();
    const id = $('#batch-id').value.trim();
    if (id) follow(id);
  });
  if (pageParams.has('batch')) follow(pageParams.get('batch'));
}
