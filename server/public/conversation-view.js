// One stored conversation, as the 质检台 and 申诉 pages show it: both scores,
// the dialogue with every finding marked in place, and per finding its review
// state with the actions the signed-in role may take (确认 / 误判 / 申诉 / 补充漏检).
import { clock, el, GRADE_CLASS, SEVERITY_LABEL, SPEAKER_LABEL } from './common.js';
import { segmentText } from './highlight.js';
import { agentLabel, APPEAL_LABEL, banner, call, REVIEWER_ROLES, shortTime, STATUS_LABEL, VERDICT_LABEL } from './review-common.js';

function scoreBlock(label, report, testId) {
  return el(
    'div',
    { class: 'score-block', dataset: { testid: testId } },
    el('span', { class: 'muted' }, label),
    el('span', { class: 'big-score' }, String(report.score)),
    el('span', { class: `badge ${GRADE_CLASS[report.grade] ?? ''}` }, report.grade),
    report.redLine ? el('span', { class: 'badge redline' }, '红线') : null,
  );
}

function stateLabel(state) {
  if (!state) return '';
  if (state.appealState) return APPEAL_LABEL[state.appealState];
  if (state.origin === 'added') return '人工补充';
  return state.verdict ? VERDICT_LABEL[state.verdict] : '未复核';
}

/**
 * @param {HTMLElement} container
 * @param {object} view GET /v1/conversations/:id
 * @param {string} etag its ETag (sent back as If-Match)
 * @param {{user: string, role: string}} session
 * @param {() => Promise<void>} reload fetches and renders the conversation again
 */
export function renderConversation(container, view, etag, session, reload) {
  const canReview = REVIEWER_ROLES.includes(session.role) && view.status !== 'final';
  const canAppeal = session.role === 'agent';
  const automatic = view.report;
  const reviewed = view.reviewedReport;
  // every finding ever made: the automatic ones, then the added ones (only in the reviewed report)
  const added = reviewed.findings.filter((f) => view.findingStates[f.id]?.origin === 'added');
  const findings = [...automatic.findings, ...added];

  async function act(path, body, okMessage) {
    try {
      await call(path, { method: 'POST', body, headers: { 'If-Match': etag } });
      await reload();
      banner(container, okMessage, 'ok');
    } catch (err) {
      if (err.status === 409) {
        await reload();
        banner(container, `未保存:${err.message}`);
      } else {
        banner(container, `操作失败:${err.message}`);
      }
    }
  }

  const cards = new Map();
  for (const f of findings) {
    const state = view.findingStates[f.id];
    const removed = state?.removed;
    const note = el('input', { class: 'note-input', placeholder: '备注(可选)', 'aria-label': '备注' });
    const actions = el('div', { class: 'actions' });
    const reviewPath = `/v1/conversations/${encodeURIComponent(view.id)}/findings/${encodeURIComponent(f.id)}/review`;
    if (canReview && state?.origin === 'auto' && !state.appealId) {
      actions.append(
        el('button', { class: 'button confirm', type: 'button', onclick: () => act(reviewPath, { verdict: 'confirmed', ...(note.value && { note: note.value }) }, '已确认') }, '确认'),
        el('button', { class: 'button reject', type: 'button', onclick: () => act(reviewPath, { verdict: 'rejected', ...(note.value && { note: note.value }) }, '已标记误判') }, '误判'),
        note,
      );
    }
    if (canAppeal && state?.verdict === 'confirmed' && !state.appealId) {
      const reason = el('input', { class: 'note-input', placeholder: '申诉理由', 'aria-label': '申诉理由' });
      actions.append(
        reason,
        el('button', {
          class: 'button appeal',
          type: 'button',
          onclick: async () => {
            if (!reason.value.trim()) return banner(container, '请填写申诉理由');
            try {
              await call(`/v1/conversations/${encodeURIComponent(view.id)}/findings/${encodeURIComponent(f.id)}/appeal`, { method: 'POST', body: { reason: reason.value.trim() } });
              await reload();
              banner(container, '申诉已提交,等待质检主管处理', 'ok');
            } catch (err) {
              banner(container, `申诉失败:${err.message}`);
            }
          },
        }, '申诉'),
      );
    }
    const card = el(
      'article',
      { class: `note note-${f.severity}${removed ? ' removed' : ''}`, dataset: { finding: f.id, rule: f.rule } },
      el(
        'header',
        {},
        el('span', { class: `badge sev-${f.severity}` }, SEVERITY_LABEL[f.severity] ?? f.severity),
        el('code', {}, f.rule),
        el('span', { class: `badge state state-${state?.appealState ?? state?.verdict ?? 'none'}` }, stateLabel(state)),
        el('span', { class: 'deduct' }, f.deduct ? `-${f.deduct}` : ''),
      ),
      el('p', { class: 'msg' }, f.message),
      f.text ? el('p', { class: 'quote' }, `原文:“${f.text}”`) : null,
      f.note ? el('p', { class: 'quote' }, `补充说明:${f.note}`) : null,
      actions.childElementCount ? actions : null,
    );
    cards.set(f.id, card);
  }

  const dialogue = el('ol', { class: 'dialogue' });
  view.transcript.turns.forEach((turn, index) => {
    const here = findings.filter((f) => f.turn === index);
    const pieces = segmentText(turn.text, here);
    const text = el(
      'p',
      { class: 'turn-text' },
      pieces.map((p) => {
        if (p.findings.length === 0) return p.text;
        const first = here[p.findings[0]];
        const removed = p.findings.every((i) => view.findingStates[here[i].id]?.removed);
        return el('mark', { class: `hl sev-${first.severity}${removed ? ' removed' : ''}`, title: here[p.findings[0]].message }, p.text);
      }),
    );
    dialogue.append(
      el(
        'li',
        { class: `turn speaker-${turn.speaker}` },
        el('div', {}, el('div', { class: 'turn-meta' }, el('span', { class: 'who' }, SPEAKER_LABEL[turn.speaker] ?? turn.speaker), ` #${index} `, clock(turn.start)), text),
        el('div', { class: 'turn-notes' }, here.map((f) => cards.get(f.id))),
      ),
    );
  });

  let addForm = null;
  if (canReview) {
    const rule = el('select', { name: 'rule', 'aria-label': '规则' });
    call(`/v1/rules?pack=${encodeURIComponent(automatic.pack)}`)
      .then(({ data }) => rule.append(...data.rules.map((r) => el('option', { value: r.id }, `${r.id} ${r.description ?? ''}`))))
      .catch(() => undefined);
    const turnSelect = el(
      'select',
      { name: 'turn', 'aria-label': '轮次' },
      view.transcript.turns.map((t, i) => el('option', { value: String(i) }, `#${i} ${SPEAKER_LABEL[t.speaker] ?? ''} ${t.text.slice(0, 16)}`)),
    );
    const note = el('input', { class: 'note-input', placeholder: '说明(可选)', 'aria-label': '漏检说明' });
    addForm = el(
      'form',
      { class: 'add-finding' },
      el('strong', {}, '补充漏检'),
      rule,
      turnSelect,
      note,
      el('button', { class: 'button primary', type: 'submit' }, '补充'),
    );
    addForm.addEventListener('submit', (event) => {
      event.preventDefault();
      act(`/v1/conversations/${encodeURIComponent(view.id)}/findings`, { rule: rule.value, turn: Number(turnSelect.value), ...(note.value && { note: note.value }) }, '已补充漏检');
    });
  }

  const ruleOf = (findingId) => findings.find((f) => f.id === findingId)?.rule ?? findingId;
  const history = el(
    'ul',
    { class: 'history' },
    view.reviews.map((r) => el('li', {}, `${shortTime(r.at)} ${r.by}:${r.kind === 'added' ? '补充漏检' : VERDICT_LABEL[r.verdict]} ${ruleOf(r.findingId)}${r.note ? `(${r.note})` : ''}`)),
    view.appeals.map((a) =>
      el('li', {}, `${shortTime(a.at)} ${a.by}:申诉 ${ruleOf(a.findingId)}(${a.reason})→ ${APPEAL_LABEL[a.state]}${a.decision ? ` · ${a.decision.by}${a.decision.note ? `:${a.decision.note}` : ''}` : ''}`),
    ),
  );

  container.replaceChildren(
    el(
      'div',
      { class: 'detail-head' },
      el('div', {}, el('h2', {}, view.id), el('p', { class: 'muted' }, [agentLabel(view.report.agent), view.report.team, shortTime(view.report.startedAt)].filter(Boolean).join(' · '))),
      el('div', { class: 'detail-score' }, scoreBlock('自动', automatic, 'auto-score'), scoreBlock('复核', reviewed, 'reviewed-score'), el('span', { class: `badge status status-${view.status}` }, STATUS_LABEL[view.status])),
    ),
    addForm,
    dialogue,
    view.reviews.length || view.appeals.length ? el('section', {}, el('h3', {}, '复核与申诉记录'), history) : null,
  );
}

/** Loads a conversation into `container`, and again after every action (then `onChange`, e.g. to refresh a list). */
export async function showConversation(container, id, session, onChange) {
  const reload = async () => {
    const { data, etag } = await call(`/v1/conversations/${encodeURIComponent(id)}`);
    renderConversation(container, data, etag, session, async () => {
      await reload();
      await onChange?.();
    });
  };
  container.hidden = false;
  await reload();
}
