// GET /api/v2/users/me, GET /api/v2/routing/queues, GET /api/v2/routing/queues/{queueId}
import { badRequest, notAUser, notFound } from './errors.mjs';

function usersMe({ org, principal }) {
  if (principal.isClientCredentials) throw notAUser();
  const u = principal.user;
  return {
    status: 200,
    json: {
      id: u.id,
      name: u.name,
      division: org.divisionRef(),
      chat: { jabberId: `${u.id}@fake-genesys.local` },
      email: u.email,
      primaryContactInfo: [{ address: u.email, mediaType: 'EMAIL', type: 'PRIMARY' }],
      addresses: [],
      state: 'active',
      username: u.email,
      images: [],
      version: 1,
      acdAutoAnswer: false,
      selfUri: `/api/v2/users/${u.id}`,
    },
  };
}

function intParam(query, name, dflt, max) {
  const raw = query.get(name);
  if (raw === null || raw === '') return dflt;
  if (!/^\d+$/.test(raw)) throw badRequest(`Invalid value for query parameter '${name}'.`, [{ fieldName: name, errorCode: 'invalid.value' }]);
  const n = Number(raw);
  if (n < 1 || (max && n > max)) {
    throw badRequest(`Query parameter '${name}' must be between 1 and ${max ?? 'infinity'}.`, [{ fieldName: name, errorCode: 'invalid.value' }]);
  }
  return n;
}

function listQueues({ org, query }) {
  const pageSize = intParam(query, 'pageSize', 25, 500);
  const pageNumber = intParam(query, 'pageNumber', 1);
  const sortOrder = (query.get('sortOrder') ?? 'asc').toLowerCase();
  if (sortOrder !== 'asc' && sortOrder !== 'desc') {
    throw badRequest("Invalid value for query parameter 'sortOrder'.", [{ fieldName: 'sortOrder', errorCode: 'invalid.value' }]);
  }
  const name = query.get('name') ?? undefined;
  const ids = query.getAll('id');
  let matched = org.queuesMatching(name);
  if (ids.length) matched = matched.filter((q) => ids.includes(q.id));
  matched.sort((a, b) => a.name.localeCompare(b.name) * (sortOrder === 'desc' ? -1 : 1));
  const total = matched.length;
  const pageCount = Math.ceil(total / pageSize);
  const entities = matched.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((q) => org.queueView(q));
  const uri = (n) => {
    const p = new URLSearchParams({ pageNumber: String(n), pageSize: String(pageSize) });
    if (name !== undefined) p.set('name', name);
    return `/api/v2/routing/queues?${p}`;
  };
  const json = { entities, pageSize, pageNumber, total, pageCount, firstUri: uri(1), selfUri: uri(pageNumber), lastUri: uri(Math.max(1, pageCount)) };
  if (pageNumber < pageCount) json.nextUri = uri(pageNumber + 1);
  if (pageNumber > 1) json.previousUri = uri(pageNumber - 1);
  return { status: 200, json };
}

function getQueue({ org, params }) {
  const q = org.queueById(params.queueId);
  if (!q) throw notFound('queue');
  return { status: 200, json: org.queueView(q) };
}

export const routes = [
  { method: 'GET', path: '/api/v2/users/me', handler: usersMe },
  { method: 'GET', path: '/api/v2/routing/queues', perms: ['routing:queue:view'], handler: listQueues },
  { method: 'GET', path: '/api/v2/routing/queues/:queueId', perms: ['routing:queue:view'], handler: getQueue },
];
