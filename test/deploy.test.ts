/**
 * docker-compose.yml and deploy/nginx.conf, as far as they can be checked
 * without Docker (not available where these tests run): the compose file's
 * structure and the environment each service needs. nginx itself runs
 * deploy/nginx.conf in the multi-process test (test/scale).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { expect, it } from 'vitest';

const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: string; command?: string[]; environment?: Record<string, string>; ports?: string[]; volumes?: string[]; depends_on?: unknown; healthcheck?: unknown }>;
};
const nginx = readFileSync(new URL('../deploy/nginx.conf', import.meta.url), 'utf8');

it('the compose file has PostgreSQL, Redis, two servers, two workers and nginx, each with the environment it needs', () => {
  const { services } = compose;
  expect(Object.keys(services).sort()).toEqual(['nginx', 'postgres', 'redis', 'server1', 'server2', 'worker1', 'worker2']);
  for (const name of ['server1', 'server2', 'worker1', 'worker2']) {
    expect(services[name].build).toBe('.');
    expect(services[name].environment).toMatchObject({
      TALKLINT_REDIS_URL: 'redis://redis:6379',
      TALKLINT_DATABASE_URL: expect.stringMatching(/^postgres:\/\/talklint:[^@]+@postgres:5432\/talklint$/),
    });
    expect(services[name].depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  }
  for (const name of ['server1', 'server2']) expect(services[name].environment).toMatchObject({ HOST: '0.0.0.0', PORT: '8080', TALKLINT_TOKEN: expect.stringContaining('TALKLINT_TOKEN') });
  for (const name of ['worker1', 'worker2']) expect(services[name].command).toEqual(['node', 'dist/src/cli/main.js', 'worker']);
  expect(services.postgres.environment).toMatchObject({ POSTGRES_USER: 'talklint', POSTGRES_DB: 'talklint' });
  expect(services.nginx.ports).toEqual(['8080:80']);
  expect(services.nginx.volumes).toEqual(['./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro']);
});

it('nginx balances over both servers and passes WebSocket upgrades and the original Host', () => {
  expect(nginx).toMatch(/server server1:8080/);
  expect(nginx).toMatch(/server server2:8080/);
  expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
  expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
  expect(nginx).toMatch(/proxy_http_version 1\.1;/);
  expect(nginx).toMatch(/proxy_set_header Host \$http_host;/);
  expect(nginx).toMatch(/client_max_body_size 64m;/);
});
