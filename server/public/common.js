// Shared by the QA page and the agent sidebar: API access with the optional token, labels, DOM helpers.

export const SEVERITY_LABEL = { error: '错误', warning: '警告', info: '提示' };
export const SPEAKER_LABEL = { agent: '坐席', customer: '客户', system: '系统' };
export const GRADE_CLASS = { 优秀: 'grade-a', 良好: 'grade-b', 合格: 'grade-c', 不合格: 'grade-f' };

const TOKEN_KEY = 'talklint-token';

// a `?token=` in the page address is kept for this tab and removed from the address bar
const params = new URLSearchParams(location.search);
if (params.has('token')) {
  sessionStorage.setItem(TOKEN_KEY, params.get('token'));
  params.delete('token');
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
}

export const pageParams = params;

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.path = body?.error?.path;
  }
}

/** fetch + JSON, with the bearer token; asks for the token once when the server wants one. */
export async function api(path, init = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { ...init.headers };
    if (token()) headers.Authorization = `Bearer ${token()}`;
    const res = await fetch(path, { ...init, headers });
    const body = await res.json().catch(() => undefined);
    if (res.ok) return body;
    if (res.status === 401 && attempt === 0) {
      const given = prompt('服务器需要访问令牌(TALKLINT_TOKEN),请输入:');
      if (given) {
        sessionStorage.setItem(TOKEN_KEY, given.trim());
        continue;
      }
    }
    throw new ApiError(res.status, body);
  }
}

export function streamUrl() {
  const url = new URL('/v1/stream', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token()) url.searchParams.set('token', token());
  return url.href;
}

/**
 * Builds an element: el('div', { class: 'x', onclick: f }, child, 'text', …).
 * Text always goes in as text, never as HTML.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** [mm:ss] of a time in seconds, or '' without one. */
export function clock(seconds) {
  if (seconds === undefined || seconds === null) return '';
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
