// 申诉: an agent's own conversations (appeal a confirmed finding, follow its
// state); a lead's queue of appeals to decide, once and for all.
import { el, GRADE_CLASS } from './common.js';
import { showConversation } from './conversation-view.js';
import { agentLabel, APPEAL_LABEL, banner, call, DECIDER_ROLES, renderTopbar, shortTime, signedIn, STATUS_LABEL } from './review-common.js';

const main = document.getElementById('main');
const appealsPanel = document.getElementById('appeals-panel');
const minePanel = document.getElementById('mine-panel');
const detail = document.getElementById('detail');
const list = document.getElementById('appeal-list');
const stateSelect = document.getElementById('state');

const session = await signedIn(main);
main.append(appealsPanel, minePanel, detail);
renderTopbar(document.getElementById('topbar'), 'appeals.html', session);
const deciding = DECIDER_ROLES.includes(session.role);
document.getElementById('appeals-title').textContent = deciding ? '待处理的申诉' : '我的申诉';
if (deciding) stateSelect.value = 'open';
appealsPanel.hidden = false;

async function decide(appealId, accept, note) {
  try {
    await call(`/v1/appeals/${encodeURIComponent(appealId)}/decision`, { method: 'POST', body: { accept, ...(note && { note }) } });
    banner(appealsPanel, accept ? '已接受申诉,该扣分已剔除' : '已驳回申诉', 'ok');
  } catch (err) {
    banner(appealsPanel, `处理失败:${err.message}`);
  }
  await loadAppeals();
}

async function loadAppeals() {
  const { data } = await call(`/v1/appeals${stateSelect.value ? `?state=${stateSelect.value}` : ''}`);
  if (data.items.length === 0) {
    list.replaceChildren(el('p', { class: 'muted' }, deciding ? '没有待处理的申诉' : '还没有申诉'));
    return;
  }
  list.replaceChildren(
    ...data.items.map((a) => {
      const note = el('input', { class: 'note-input', placeholder: '处理意见(可选)', 'aria-label': '处理意见' });
      const open = el('button', { class: 'button subtle', type: 'button', onclick: () => showConversation(detail, a.conversationId, session) }, '查看会话');
      return el(
        'article',
        { class: `appeal appeal-${a.state}`, dataset: { appeal: a.appealId } },
        el(
          'header',
          {},
          el('strong', {}, a.conversationId),
          el('span', { class: 'muted' }, agentLabel(a.agent)),
          el('span', { class: `badge state state-${a.state}` }, APPEAL_LABEL[a.state]),
          el('span', { class: 'muted' }, shortTime(a.at)),
        ),
        a.finding ? el('p', { class: 'msg' }, `${a.finding.rule}:${a.finding.message}${a.finding.text ? `“${a.finding.text}”` : ''}(-${a.finding.deduct})`) : null,
        el('p', {}, `申诉理由:${a.reason}`),
        a.decision ? el('p', { class: 'muted' }, `${a.decision.by} 于 ${shortTime(a.decision.at)} ${a.decision.accept ? '接受' : '驳回'}${a.decision.note ? `:${a.decision.note}` : ''}`) : null,
        el(
          'div',
          { class: 'actions' },
          open,
          deciding && a.state === 'open'
            ? [
                note,
                el('button', { class: 'button accept', type: 'button', onclick: () => decide(a.appealId, true, note.value) }, '接受申诉'),
                el('button', { class: 'button refuse', type: 'button', onclick: () => decide(a.appealId, false, note.value) }, '驳回'),
              ]
            : null,
        ),
      );
    }),
  );
}

async function loadMine() {
  minePanel.hidden = false;
  const { data } = await call('/v1/conversations?limit=100');
  minePanel.querySelector('tbody').replaceChildren(
    ...data.items.map((item) => {
      const row = el(
        'tr',
        { dataset: { id: item.id }, tabindex: '0' },
        el('td', {}, item.id),
        el('td', {}, shortTime(item.startedAt)),
        el('td', { class: 'num' }, String(item.score)),
        el('td', { class: 'num score' }, String(item.reviewedScore)),
        el('td', {}, el('span', { class: `badge ${GRADE_CLASS[item.grade] ?? ''}` }, item.grade)),
        el('td', {}, el('span', { class: `badge status status-${item.status}` }, STATUS_LABEL[item.status])),
      );
      row.addEventListener('click', () => showConversation(detail, item.id, session, async () => {
        await loadAppeals();
        await loadMine();
      }));
      return row;
    }),
  );
}

stateSelect.addEventListener('change', loadAppeals);
await loadAppeals();
if (session.role === 'agent') await loadMine();
