/**
 * The last handlers: 405 (with Allow) for a known path asked with a method it
 * does not serve, JSON 404 for everything else. The known paths are read from
 * the app's own router, nested routers included, so routes mounted by any
 * module are covered without a list to keep in step.
 */
import type { Express, RequestHandler } from 'express';
import { ApiError } from './errors.js';

interface Layer {
  match(path: string): boolean;
  path?: string;
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Methods that routes in `stack` serve for `path`. */
function methodsFor(stack: readonly Layer[], path: string): Set<string> {
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.match(path)) continue;
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') methods.add(method.toUpperCase());
    } else if (layer.handle?.stack) {
      // a mounted router: match the rest of the path inside it
      const rest = path.slice((layer.path ?? '').length) || '/';
      for (const method of methodsFor(layer.handle.stack, rest.startsWith('/') ? rest : `/${rest}`)) methods.add(method);
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return methods;
}

export function methodNotAllowedOrNotFound(app: Express): RequestHandler {
  return (req, res) => {
    const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
    const methods = methodsFor(stack, req.path);
    if (methods.size > 0 && !methods.has(req.method)) {
      res.set('Allow', [...methods].sort().join(', '));
      throw new ApiError(405, 'method_not_allowed', `${req.method} is not allowed here; use ${[...methods].sort().join(' or ')}`);
    }
    throw new ApiError(404, 'not_found', 'no such endpoint; see /openapi.json');
  };
}
