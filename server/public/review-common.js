// Shared by the review pages (质检台, 申诉, 看板): sign-in, API calls with the
// session's CSRF token, the navigation bar and labels.
import { el, token } from './common.js';

export const STATUS_LABEL = { unreviewed: '未复核', reviewed: '已复核', appealed: '申诉中', final: '已终审' };
export const ROLE_LABEL = { agent: '坐席', reviewer: '质检员', lead: '质检主管', admin: '管理员', integration: '系统集成' };
export const VERDICT_LABEL = { confirmed: '已确认', rejected: '误判' };
export const APPEAL_LABEL = { open: '申诉中', accepted: '申诉成立', refused: '申诉驳回' };
export const REVIEWER_ROLES = ['reviewer', 'lead', 'admin'];
export const DECIDER_ROLES = ['lead', 'admin'];

let csrf = '';

export class RequestError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
  }
}

/** fetch with the session cookie (and its CSRF token on changes) or the tab's bearer token; JSON in and out. */
export async function call(path, { method = 'GET', body, headers = {}, raw = false } = {}) {
  const all = { ...headers };
  if (token()) all.Authorization = `Bearer ${token()}`;
  if (method !== 'GET' && csrf) all['X-CSRF-Token'] = csrf;
  if (body !== undefined && !(typeof body === 'string')) all['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers: all, body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body), credentials: 'same-origin' });
  if (raw && res.ok) return res;
  const data = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) throw new RequestError(res.status, data);
  return { data, etag: res.headers.get('ETag') };
}

function signInForm(main, resolve) {
  const error = el('p', { class: 'banner-error', hidden: true, role: 'alert' });
  const name = el('input', { name: 'name', autocomplete: 'username', required: true });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = el(
    'form',
    { class: 'panel signin', id: 'signin' },
    el('h2', {}, '登录 talklint 质检'),
    el('label', {}, '用户名', name),
    el('label', {}, '密码', password),
    error,
    el('button', { class: 'button primary', type: 'submit' }, '登录'),
    el('p', { class: 'muted' }, '账号由管理员用 talklint users add 创建。'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const { data } = await call('/v1/session', { method: 'POST', body: { name: name.value.trim(), password: password.value } });
      csrf = data.csrf;
      form.remove();
      resolve(data);
    } catch (err) {
      error.hidden = false;
      error.textContent = err.status === 401 ? '用户名或密码不正确' : `登录失败:${err.message}`;
    }
  });
  main.replaceChildren(form);
  name.focus();
}

/** The signed-in user ({ user, role, agentId? }), asking for name and password first when needed. */
export async function signedIn(main) {
  const { data } = await call('/v1/session');
  if (data.user) {
    csrf = data.csrf ?? '';
    return data;
  }
  return new Promise((resolve) => signInForm(main, resolve));
}

const PAGES = [
  { href: 'review.html', label: '质检台' },
  { href: 'appeals.html', label: '申诉' },
  { href: 'dashboard.html', label: '看板' },
  { href: 'qa.html', label: '快速检查' },
];

export function renderTopbar(header, active, session) {
  const links = PAGES.map((p) => el('a', { href: p.href, class: p.href === active ? 'active' : undefined, 'aria-current': p.href === active ? 'page' : undefined }, p.label));
  const signOut = el('button', { class: 'button subtle signout', type: 'button' }, '退出');
  signOut.addEventListener('click', async () => {
    await call('/v1/session', { method: 'DELETE' }).catch(() => undefined);
    location.reload();
  });
  header.replaceChildren(
    el('h1', {}, 'talklint ', el('span', {}, PAGES.find((p) => p.href === active)?.label ?? '')),
    el('nav', {}, ...links, el('span', { class: 'who-am-i' }, `${session.user} · ${ROLE_LABEL[session.role] ?? session.role}`), signOut),
  );
}

export function banner(container, message, kind = 'error') {
  const node = el('p', { class: kind === 'error' ? 'banner-error' : 'banner-ok', role: 'status' }, message);
  container.prepend(node);
  setTimeout(() => node.remove(), 6000);
}

/** "2026-11-22T09:15:00+08:00" → "2026-11-22 09:15" (as written: the call centre's own time). */
export function shortTime(iso) {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export function agentLabel(agent) {
  if (!agent) return '';
  return [agent.name, agent.id].filter(Boolean).join(' · ');
}
