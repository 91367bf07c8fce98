// The OpenAPI paths of the For-you API: the personal feed, collections, follows, "not interested".

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const AUTH = 'Needs an API token (`Authorization: Bearer …`) or a session cookie with the X-CSRF-Token header. Answers are private (`Cache-Control: private, no-store`).';
const cid = { name: 'cid', in: 'path', required: true, description: 'Collection number', schema: { type: 'integer' } };
const paperId = { name: 'id', in: 'path', required: true, description: 'Paper id', schema: { type: 'string' } };

const collection = {
  type: 'object',
  required: ['id', 'name', 'public', 'owner', 'papers', 'url'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    description: { type: 'string' },
    public: { type: 'boolean' },
    owner: { type: 'string' },
    papers: { type: 'integer' },
    url: { type: 'string', format: 'uri' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};
const follow = { type: 'object', required: ['kind', 'target'], properties: { kind: { enum: ['author', 'category', 'keyword', 'collection'] }, target: { type: 'string' } } };

export const forYouPaths = {
  '/api/for-you': {
    get: {
      summary: "The signed-in member's personal feed",
      description: `${AUTH} Recent papers ranked by a model of what the member saved and upvoted, blended with their follows and trending; \`reason\` says why each is there.`,
      parameters: [{ name: 'limit', in: 'query', description: 'How many papers (1–100).', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }],
      responses: {
        200: json('Papers, best first', {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'title', 'score', 'reason', 'reasons'],
            properties: { id: { type: 'string' }, title: { type: 'string' }, score: { type: 'number' }, reason: { type: 'string' }, reasons: { type: 'array', items: { type: 'string' } }, url: { type: 'string' } },
          },
        }),
        400: error('A bad limit'),
        401: error('Not signed in'),
      },
    },
  },
  '/api/collections': {
    get: { summary: "The member's collections", description: AUTH, responses: { 200: json('Collections', { type: 'array', items: collection }), 401: error('Not signed in') } },
    post: {
      summary: 'Create a collection',
      description: AUTH,
      requestBody: body({ type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 80 }, description: { type: 'string' }, public: { type: 'boolean' } } }),
      responses: { 201: json('Created', collection), 400: error('A bad or duplicate name'), 401: error('Not signed in') },
    },
  },
  '/api/collections/{cid}': {
    get: {
      summary: 'A public collection (or the member\'s own private one) with its papers and notes',
      parameters: [cid],
      responses: { 200: json('The collection', { ...collection, properties: { ...collection.properties, items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' }, note: { type: 'string' } } } } } }), 404: error('No such collection, or private') },
    },
  },
  '/api/collections/{cid}/papers': {
    post: {
      summary: 'Save a paper into one of the member\'s collections (again: updates its note)',
      description: AUTH,
      parameters: [cid],
      requestBody: body({ type: 'object', required: ['id'], properties: { id: { type: 'string' }, note: { type: 'string', maxLength: 1000 } } }),
      responses: { 201: json('Saved', { type: 'object' }), 400: error('A bad note'), 401: error('Not signed in'), 404: error('No such paper or collection of yours') },
    },
  },
  '/api/collections/{cid}/papers/{id}': {
    delete: { summary: 'Remove a paper from a collection', description: AUTH, parameters: [cid, paperId], responses: { 200: json('Whether it was there', { type: 'object', properties: { removed: { type: 'boolean' } } }), 404: error('No such collection of yours') } },
  },
  '/api/follows': {
    get: { summary: 'What the member follows', description: AUTH, responses: { 200: json('Follows', { type: 'array', items: follow }), 401: error('Not signed in') } },
    post: { summary: 'Follow an author, arXiv category, keyword search or public collection', description: AUTH, requestBody: body(follow), responses: { 201: json('Following', follow), 400: error('Nothing that can be followed'), 404: error('No such public collection') } },
  },
  '/api/follows/delete': {
    post: { summary: 'Stop following', description: AUTH, requestBody: body(follow), responses: { 200: json('Done', { type: 'object', properties: { following: { type: 'boolean' } } }) } },
  },
  '/api/papers/{id}/not-interested': {
    post: { summary: '"Not interested": the paper and ones like it leave the feed at once', description: AUTH, parameters: [paperId], responses: { 200: json('Recorded', { type: 'object' }), 404: error('No paper with this id') } },
  },
};
