/**
 * The OpenAPI 3.1 description of the HTTP API, served at /openapi.json. The
 * transcript and report schemas are generated from the zod schemas
 * (z.toJSONSchema), so the document follows every change to them.
 */
import { IMPORTER_NAMES } from '../src/import/registry.js';
import { IMPORT_MEDIA_TYPES } from './imported-body.js';
import { z } from 'zod';
import { ReportSchema } from '../src/report/schema.js';
import { EventSchema, TranscriptSchema, TurnSchema } from '../src/transcript/schema.js';

/** JSON Schema (draft 2020-12, what OpenAPI 3.1 uses) of a zod schema, without the $schema key. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): { properties?: Record<string, unknown> } & Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest as { properties?: Record<string, unknown> } & Record<string, unknown>;
}

import { reviewPaths } from './review-openapi.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

const packParam = {
  name: 'pack',
  in: 'query',
  required: false,
  description: 'built-in pack name (GET /v1/packs); overrides the transcripts\' own `pack`',
  schema: { type: 'string', examples: ['general'] },
};

export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'talklint',
      version,
      description:
        'Compliance checks for Chinese customer-service calls and chats. The live WebSocket protocol (GET /v1/stream, upgrade) is described in docs/protocol.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    security: [{}, { bearer: [] }],
    paths: {
      ...reviewPaths,
      '/v1/check': {
        post: {
          summary: 'Check transcripts and return their reports',
          parameters: [
            packParam,
            {
              name: 'name',
              in: 'query',
              required: false,
              description: 'the file name the body came from: a plain-text transcript without `# id:` is named after it (as by the CLI); default "request"',
              schema: { type: 'string', examples: ['call-0001.txt'] },
            },
            {
              name: 'include',
              in: 'query',
              required: false,
              description: '`transcript`: each report also carries the validated transcript (as `transcript`), e.g. to show findings in context',
              schema: { type: 'string', enum: ['transcript'] },
            },
            {
              name: 'input',
              in: 'query',
              required: false,
              description: 'the importer to read the body with (default: from the Content-Type, else detected from the content); GET /v1/formats lists them',
              schema: { type: 'string', enum: [...IMPORTER_NAMES] },
            },
            { name: 'roles', in: 'query', required: false, description: 'engine speaker or channel ids to roles, e.g. `0=agent,1=customer`', schema: { type: 'string' } },
            { name: 'mergeGap', in: 'query', required: false, description: 'seconds: consecutive segments of one speaker closer than this are one turn (default 2; 0 never)', schema: { type: 'number', minimum: 0, maximum: 600 } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { oneOf: [ref('Transcript'), { type: 'array', items: ref('Transcript'), minItems: 1 }] } },
              'application/x-ndjson': { schema: { type: 'string', description: 'JSON Lines: one transcript per line (also application/jsonl, application/ndjson, application/x-jsonl)' } },
              'text/plain': {
                schema: {
                  type: 'string',
                  description: 'plain text: one turn per line, `ROLE:TEXT` with an optional `[mm:ss]` start time; header lines `# id:`, `# channel:`, `# pack:`',
                },
              },
              // ASR engine JSON (aliyun, tencent, iflytek, aws, aws-tca, funasr, whisper) comes as application/json and is detected
              ...Object.fromEntries(
                IMPORT_MEDIA_TYPES.map((type) => [type, { schema: { type: 'string', ...(type.includes('spreadsheetml') && { format: 'binary' }), description: 'subtitles or a table export, read by its importer' } }]),
              ),
            },
          },
          responses: {
            '200': {
              description: 'one report for one transcript (JSON object, plain text); an array of reports, in input order, for an array or JSON Lines',
              content: json({ oneOf: [ref('Report'), { type: 'array', items: ref('Report') }] }),
            },
            '400': errorResponse('bad input: codes invalid_json, invalid_transcript (message names line/turn/field, `path` e.g. `turns[3].speaker`), empty_body, unknown_pack'),
            '401': errorResponse('TALKLINT_TOKEN is set and the request lacks `Authorization: Bearer <token>` (code unauthorized)'),
            '413': errorResponse('the body is over the limit (code body_too_large; default 1 MB, TALKLINT_BODY_LIMIT)'),
            '415': errorResponse('Content-Type is not one of the accepted types (code unsupported_media_type)'),
          },
        },
      },
      '/v1/formats': {
        get: {
          summary: 'The input formats POST /v1/check reads: name, file endings, Content-Types',
          responses: { '200': { description: '`{ formats: [{ name, extensions, mediaTypes, types, binary }] }`', content: json({ type: 'object' }) } },
        },
      },
      '/v1/rules': {
        get: {
          summary: 'The effective rules of a pack (as `talklint rules --format json`)',
          parameters: [packParam],
          responses: {
            '200': { description: 'rules', content: json(ref('Rules')) },
            '400': errorResponse('unknown pack'),
            '401': errorResponse('token required'),
          },
        },
      },
      '/v1/packs': {
        get: {
          summary: 'Built-in packs',
          responses: {
            '200': {
              description: 'packs',
              content: json({
                type: 'object',
                required: ['packs'],
                properties: {
                  packs: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['name', 'version', 'rules'],
                      properties: { name: { type: 'string' }, version: { type: 'string' }, description: { type: 'string' }, rules: { type: 'integer', description: 'enabled rules' } },
                    },
                  },
                },
              }),
            },
            '401': errorResponse('token required'),
          },
        },
      },
      '/v1/demo/fixtures': {
        get: {
          summary: 'Sample transcripts the sidebar demo can replay (the fixtures folder, read-only)',
          responses: {
            '200': {
              description: 'file names, relative to the fixtures folder',
              content: json({ type: 'object', properties: { fixtures: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } } }),
            },
            '401': errorResponse('token required'),
          },
        },
      },
      '/v1/demo/fixtures/{name}': {
        get: {
          summary: 'One fixture file, parsed, as the sequence a live feed would send (turns with events placed between them)',
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' }, description: 'a name from GET /v1/demo/fixtures (URL-encoded)' }],
          responses: {
            '200': {
              description: 'the file\'s transcripts as timelines; `errors` lists transcripts that did not parse',
              content: json({
                type: 'object',
                properties: {
                  name: { type: 'string' },
                  transcripts: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        id: { type: 'string' },
                        channel: { enum: ['call', 'chat'] },
                        pack: { type: 'string' },
                        items: {
                          type: 'array',
                          items: {
                            oneOf: [
                              { type: 'object', properties: { kind: { const: 'turn' }, turn: ref('Turn') } },
                              { type: 'object', properties: { kind: { const: 'event' }, event: ref('Event') } },
                            ],
                          },
                        },
                      },
                    },
                  },
                  errors: { type: 'array', items: { type: 'string' } },
                },
              }),
            },
            '404': errorResponse('no such fixture'),
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'Liveness (never needs the token)',
          security: [{}],
          responses: {
            '200': { description: 'up', content: json({ type: 'object', properties: { status: { const: 'ok' }, version: { type: 'string' } } }) },
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the value of TALKLINT_TOKEN, when the server has one' } },
      schemas: {
        // generated from the zod schemas the server validates and answers with, so they cannot drift
        Transcript: jsonSchema(TranscriptSchema, 'input'),
        Turn: jsonSchema(TurnSchema, 'output'),
        Event: jsonSchema(EventSchema, 'output'),
        Report: { ...jsonSchema(ReportSchema, 'output'), properties: { ...jsonSchema(ReportSchema, 'output').properties, transcript: { ...ref('Transcript'), description: 'only with ?include=transcript' } } },
        Rules: {
          type: 'object',
          properties: {
            pack: { type: 'string' },
            version: { type: 'string' },
            rules: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  severity: { enum: ['error', 'warning', 'info'] },
                  redLine: { type: 'boolean' },
                  deduct: { type: 'number' },
                  description: { type: 'string' },
                  source: { type: 'array', items: { type: 'object', properties: { seed: { type: 'string' }, clause: { type: 'string' } } } },
                  options: { type: 'object' },
                },
              },
            },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', examples: ['invalid_transcript'] },
                message: { type: 'string' },
                path: { type: 'string', description: 'the field at fault, e.g. turns[3].speaker' },
              },
            },
          },
        },
      },
    },
  };
}
