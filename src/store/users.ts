/**
 * Users, roles, API tokens, passwords and page sessions. Only hashes are
 * stored: API tokens (long and random) as SHA-256, passwords with scrypt and a
 * salt, session cookies as SHA-256.
 */
import { createHash, randomBytes, randomUUID, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { now, type Store } from './db.js';
import { StoreError } from './conversations.js';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

export const ROLES = ['agent', 'reviewer', 'lead', 'admin', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request is: a user of the store, or the TALKLINT_TOKEN admin. */
export interface Principal {
  user: string;
  role: Role;
  /** an agent's `agent.id`: the conversations they may see */
  agentId?: string;
}

export interface UserRow {
  name: string;
  role: Role;
  agentId: string | null;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(key, 'base64');
  const given = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(expected, given);
}

/** Creates a user and returns its API token: shown once, only its hash is kept. */
export async function addUser(store: Store, input: { name: string; role: Role; agentId?: string; password?: string }): Promise<string> {
  if (!ROLES.includes(input.role)) throw new StoreError('invalid', `role must be one of ${ROLES.join(', ')}`, 'role');
  if (input.role === 'agent' && !input.agentId) throw new StoreError('invalid', 'an agent needs --agent-id (the agent.id of their conversations)', 'agentId');
  const token = `tl_${randomBytes(24).toString('base64url')}`;
  const exists = await store.db.selectFrom('users').select('id').where('name', '=', input.name).executeTakeFirst();
  if (exists) throw new StoreError('conflict', `a user named ${JSON.stringify(input.name)} exists already`, 'name');
  await store.db
    .insertInto('users')
    .values({
      id: randomUUID(),
      name: input.name,
      role: input.role,
      agent_id: input.agentId ?? null,
      token_hash: hashToken(token),
      password_hash: input.password ? await hashPassword(input.password) : null,
      disabled: 0,
      created_at: now(),
    })
    .execute();
  return token;
}

export async function setPassword(store: Store, name: string, password: string): Promise<void> {
  const result = await store.db.updateTable('users').set({ password_hash: await hashPassword(password) }).where('name', '=', name).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new StoreError('not_found', `no user ${JSON.stringify(name)}`);
}

/** Disables a user: their token, password and open sessions stop working at once. */
export async function disableUser(store: Store, name: string): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
    if (!user) throw new StoreError('not_found', `no user ${JSON.stringify(name)}`);
    await trx.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
  });
}

export async function listUsers(store: Store): Promise<UserRow[]> {
  const rows = await store.db.selectFrom('users').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name,
    role: r.role as Role,
    agentId: r.agent_id,
    disabled: r.disabled === 1,
    hasPassword: r.password_hash !== null,
    createdAt: r.created_at,
  }));
}

/** True when at least one enabled user exists: then the API is never open. */
export async function hasUsers(store: Store): Promise<boolean> {
  return (await store.db.selectFrom('users').select('id').where('disabled', '=', 0).limit(1).executeTakeFirst()) !== undefined;
}

function principalOf(row: { name: string; role: string; agent_id: string | null }): Principal {
  return { user: row.name, role: row.role as Role, ...(row.agent_id !== null && { agentId: row.agent_id }) };
}

export async function principalForToken(store: Store, token: string): Promise<Principal | null> {
  const row = await store.db
    .selectFrom('users')
    .select(['name', 'role', 'agent_id'])
    .where('token_hash', '=', hashToken(token))
    .where('disabled', '=', 0)
    .executeTakeFirst();
  return row ? principalOf(row) : null;
}

export async function principalForPassword(store: Store, name: string, password: string): Promise<{ principal: Principal; userId: string } | null> {
  const row = await store.db.selectFrom('users').selectAll().where('name', '=', name).where('disabled', '=', 0).executeTakeFirst();
  if (!row?.password_hash || !(await verifyPassword(password, row.password_hash))) return null;
  return { principal: principalOf(row), userId: row.id };
}

export const SESSION_HOURS = 12;

/** A new page session: the cookie value (kept by the browser only) and its CSRF token. */
export async function createSession(store: Store, userId: string): Promise<{ cookie: string; csrf: string; expiresAt: string }> {
  const cookie = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString();
  await store.db.insertInto('sessions').values({ id_hash: hashToken(cookie), user_id: userId, csrf, created_at: now(), expires_at: expiresAt }).execute();
  return { cookie, csrf, expiresAt };
}

export async function sessionPrincipal(store: Store, cookie: string): Promise<{ principal: Principal; csrf: string } | null> {
  const row = await store.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.name', 'users.role', 'users.agent_id', 'sessions.csrf'])
    .where('sessions.id_hash', '=', hashToken(cookie))
    .where('sessions.expires_at', '>', now())
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  return row ? { principal: principalOf(row), csrf: row.csrf } : null;
}

export async function endSession(store: Store, cookie: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('id_hash', '=', hashToken(cookie)).execute();
}
