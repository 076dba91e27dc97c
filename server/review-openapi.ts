/** OpenAPI paths of contract section 6 (stored results, review and appeal), merged into /openapi.json. */

const json = (schema: object) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json({ $ref: '#/components/schemas/Error' }) });
const body = (properties: Record<string, object>, required: string[]) => ({ required: true, content: json({ type: 'object', required, properties }) });
const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const queryParam = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });

const FILTERS = [
  queryParam('agent', 'agent.id'),
  queryParam('team', 'team'),
  queryParam('from', 'ISO date (local day of startedAt, inclusive) or time'),
  queryParam('to', 'ISO date or time, inclusive'),
  queryParam('grade', 'reviewed grade', { enum: ['优秀', '良好', '合格', '不合格'] }),
  queryParam('rule', 'conversations with a finding of this rule'),
  queryParam('status', 'review status', { enum: ['unreviewed', 'reviewed', 'appealed', 'final'] }),
  queryParam('redLine', 'only (true) or no (false) reviewed red lines', { type: 'boolean' }),
  queryParam('batch', 'the batch name given when storing'),
  queryParam('assignee', 'conversations a sampling plan assigned to this reviewer'),
];

const CONVERSATION = {
  description: 'the conversation: transcript, automatic report, reviewed report, status, reviews, appeals, findingStates, version (also the ETag)',
  content: json({ type: 'object', required: ['id', 'transcript', 'report', 'reviewedReport', 'status', 'reviews', 'appeals'] }),
};
const COMMON = { '401': error('no valid token or session'), '403': error('role or conversation not allowed, or missing CSRF token'), '404': error('no such conversation, finding or appeal') };
const IF_MATCH = { name: 'If-Match', in: 'header', required: false, description: 'the ETag of GET /v1/conversations/{id}: a changed conversation is 409', schema: { type: 'string' } };

export const reviewPaths = {
  '/v1/session': {
    post: { summary: 'Sign a page in with name and password: sets an httpOnly SameSite=Strict session cookie; returns the CSRF token', requestBody: body({ name: { type: 'string' }, password: { type: 'string' } }, ['name', 'password']), responses: { '200': { description: '{ user, role, agentId?, csrf }' }, '401': error('wrong name or password') } },
    get: { summary: 'Who is signed in (`{ user: null }` when nobody), with the CSRF token for X-CSRF-Token', responses: { '200': { description: '{ user, role, agentId?, csrf? }' } } },
    delete: { summary: 'Sign out', responses: { '204': { description: 'signed out' } } },
  },
  '/v1/conversations': {
    post: {
      summary: 'Check transcripts and store them (reviewer, lead, admin, integration); the same conversation again is a no-op (200)',
      parameters: [queryParam('pack', 'pack name'), queryParam('batch', 'a batch name to filter and sample by'), queryParam('name', 'file name of a plain-text body')],
      requestBody: { required: true, content: { 'application/json': {}, 'application/x-ndjson': {}, 'text/plain': {} } },
      responses: { '201': { description: '{ id, report, created } (or { items } for a list)' }, '200': { description: 'everything was stored before' }, '409': error('another transcript is stored under this id'), ...COMMON },
    },
    get: {
      summary: 'Stored conversations, newest first (agents: only their own)',
      parameters: [...FILTERS, queryParam('limit', '1 to 500, default 50', { type: 'integer' }), queryParam('cursor', 'the `next` of the previous page')],
      responses: { '200': { description: '{ items: [{ id, agent, team, startedAt, score, reviewedScore, grade, redLine, status }], next }' }, '400': error('bad filter'), ...COMMON },
    },
  },
  '/v1/conversations/{id}': { get: { summary: 'One conversation', parameters: [path('id', 'conversation id')], responses: { '200': CONVERSATION, ...COMMON } } },
  '/v1/conversations/{id}/findings/{findingId}/review': {
    post: {
      summary: 'Confirm or reject (误判) a finding (reviewer, lead, admin)',
      parameters: [path('id', 'conversation id'), path('findingId', 'finding id'), IF_MATCH],
      requestBody: body({ verdict: { enum: ['confirmed', 'rejected'] }, note: { type: 'string' } }, ['verdict']),
      responses: { '200': CONVERSATION, '400': error('bad body'), '409': error('changed meanwhile, or the finding is under appeal'), ...COMMON },
    },
  },
  '/v1/conversations/{id}/findings': {
    post: {
      summary: 'Add a finding the checker missed (漏检): severity, deduction and red line from the pack',
      parameters: [path('id', 'conversation id'), IF_MATCH],
      requestBody: body({ rule: { type: 'string' }, turn: { type: 'integer' }, note: { type: 'string' } }, ['rule', 'turn']),
      responses: { '201': CONVERSATION, '400': error('unknown rule or turn'), '409': error('changed meanwhile'), ...COMMON },
    },
  },
  '/v1/conversations/{id}/findings/{findingId}/appeal': {
    post: {
      summary: "The agent's appeal of a confirmed finding in their own conversation",
      parameters: [path('id', 'conversation id'), path('findingId', 'finding id')],
      requestBody: body({ reason: { type: 'string' } }, ['reason']),
      responses: { '201': { description: '{ appealId }' }, '400': error('no reason'), '409': error('not confirmed, or appealed already'), ...COMMON },
    },
  },
  '/v1/appeals': { get: { summary: 'Appeals, newest first (agents: their own)', parameters: [queryParam('state', 'open, accepted or refused')], responses: { '200': { description: '{ items }' }, ...COMMON } } },
  '/v1/appeals/{appealId}/decision': {
    post: {
      summary: "A lead's decision, final: accepted removes the finding from the reviewed report",
      parameters: [path('appealId', 'from the appeal')],
      requestBody: body({ accept: { type: 'boolean' }, note: { type: 'string' } }, ['accept']),
      responses: { '200': CONVERSATION, '400': error('bad body'), '409': error('decided already'), ...COMMON },
    },
  },
  '/v1/stats': {
    get: {
      summary: 'Conversations, average automatic and reviewed score, pass rate, red lines and findings by agent, team, rule or day',
      parameters: [queryParam('by', 'grouping', { enum: ['agent', 'team', 'rule', 'day'] }), ...FILTERS],
      responses: { '200': { description: '{ rows: [{ key, conversations, avgScore, avgReviewedScore, passRate, redLines, findings }] }' }, ...COMMON },
    },
  },
  '/v1/export': {
    get: {
      summary: 'One row per finding with its verdict and appeal; formula cells escaped',
      parameters: [queryParam('format', 'file format', { enum: ['csv', 'xlsx'] }), ...FILTERS],
      responses: { '200': { description: 'text/csv (UTF-8 with BOM) or an .xlsx workbook' }, ...COMMON },
    },
  },
  '/v1/false-hits': {
    get: { summary: 'False-hit rate (误判率) per rule and lexicon entry from reviews, and the rejected hits in context', parameters: FILTERS, responses: { '200': { description: '{ rules, entries, rejected }' }, ...COMMON } },
  },
  '/v1/sampling-plans': {
    post: {
      summary: 'A sampling plan (抽检): every red line and 不合格 plus N % of the rest drawn with a seed, spread over reviewers (lead, admin)',
      requestBody: body(
        { name: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' }, redLines: { type: 'boolean' }, failed: { type: 'boolean' }, percent: { type: 'number' }, seed: { type: 'integer' }, reviewers: { type: 'array', items: { type: 'string' } } },
        ['name', 'reviewers'],
      ),
      responses: { '201': { description: '{ id, total, byReviewer, byReason, … }' }, ...COMMON },
    },
    get: { summary: 'Sampling plans with their counts', responses: { '200': { description: '{ items }' }, ...COMMON } },
  },
};
