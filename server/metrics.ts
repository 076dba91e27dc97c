/**
 * Prometheus metrics (prom-client) on GET /metrics: HTTP requests by route and
 * status with latency histograms, live conversations, checks by pack and
 * findings by rule, plus the process defaults (CPU, memory, event-loop lag).
 * One registry per server, so several servers in one process keep apart.
 * Route labels are the route patterns (`/v1/conversations/:id`), never raw
 * paths, so labels stay few and carry no ids.
 */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Report } from '../src/report/types.js';

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'talklint_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'talklint_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers: [this.registry],
  });
  private readonly checks = new Counter({
    name: 'talklint_checks_total',
    help: 'transcripts checked (HTTP and live) by pack',
    labelNames: ['pack'] as const,
    registers: [this.registry],
  });
  private readonly findings = new Counter({
    name: 'talklint_findings_total',
    help: 'findings in checked transcripts by rule',
    labelNames: ['rule'] as const,
    registers: [this.registry],
  });

  constructor(liveConversations: () => number) {
    new Gauge({
      name: 'talklint_live_conversations',
      help: 'conversations live on this server (fed now, or waiting for their feeder to resume)',
      registers: [this.registry],
      collect() {
        this.set(liveConversations());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Times every request; the route is known once a handler matched it. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const stop = this.latency.startTimer();
      res.on('finish', () => {
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        stop({ method: req.method, route });
        this.requests.inc({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }

  countReports(reports: readonly Report[]): void {
    for (const report of reports) {
      this.checks.inc({ pack: report.pack });
      for (const finding of report.findings) this.findings.inc({ rule: finding.rule });
    }
  }
}
