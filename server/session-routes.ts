/**
 * Page sign-in: POST /v1/session with `{ name, password }` sets
 * the session cookie (httpOnly, SameSite=Strict); GET /v1/session says who is
 * signed in (`{ user: null }` when nobody) and hands the page its CSRF token; DELETE /v1/session signs out.
 * Mounted before the /v1 gate: signing in needs no credentials.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Store } from '../src/store/db.js';
import { createSession, endSession, principalForPassword, SESSION_HOURS } from '../src/store/users.js';
import { type Authenticator, SESSION_COOKIE, sessionCookie } from './auth.js';
import { ApiError } from './errors.js';

const SignIn = z.object({ name: z.string().min(1), password: z.string().min(1) });

export function sessionRouter(store: Store, auth: Authenticator): Router {
  const router = express.Router();
  router.post('/session', express.json({ limit: '4kb' }), async (req, res) => {
    const parsed = SignIn.safeParse(req.body);
    if (!parsed.success) throw new ApiError(400, 'invalid_body', 'send { "name": …, "password": … }');
    const found = await principalForPassword(store, parsed.data.name, parsed.data.password);
    if (!found) throw new ApiError(401, 'unauthorized', '用户名或密码不正确');
    const session = await createSession(store, found.userId);
    res.cookie(SESSION_COOKIE, session.cookie, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      maxAge: SESSION_HOURS * 3600_000,
    });
    res.json({ ...found.principal, csrf: session.csrf });
  });
  router.get('/session', async (req, res) => {
    const found = await auth.authenticate(req);
    // not signed in is an answer, not an error: the pages ask this before showing the sign-in form
    if (!found) return void res.json({ user: null });
    res.json({ ...found.principal, ...(found.csrf && { csrf: found.csrf }) });
  });
  router.delete('/session', async (req, res) => {
    const cookie = sessionCookie(req);
    if (cookie) await endSession(store, cookie);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  return router;
}
