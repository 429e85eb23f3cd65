// Notifications REST (no role permission needed; Bearer token as everywhere):
//   POST   /api/v2/notifications/channels                              -> 200 Channel {connectUri, id, expires}
//   GET    /api/v2/notifications/channels?includechannels=token|oauthclient -> ChannelEntityListing {entities}
//   HEAD   /api/v2/notifications/channels/{channelId}                  -> 200 alive for this user / 404
//   GET    /api/v2/notifications/channels/{channelId}/subscriptions    -> ChannelTopicEntityListing
//   POST   /api/v2/notifications/channels/{channelId}/subscriptions[?ignoreErrors=true]  [{id}] adds
//   PUT    /api/v2/notifications/channels/{channelId}/subscriptions[?ignoreErrors=true]  [{id}] replaces
//   DELETE /api/v2/notifications/channels/{channelId}/subscriptions    -> 204, all removed
import { badRequest } from './errors.mjs';

const hub = (ctx) => ctx.notifications;

function createChannel(ctx) {
  return { status: 200, json: hub(ctx).channelView(hub(ctx).createChannel(ctx.principal)) };
}

function listChannels(ctx) {
  const include = ctx.query.get('includechannels') ?? 'token';
  if (include !== 'token' && include !== 'oauthclient') {
    throw badRequest(`includechannels must be token or oauthclient, got '${include}'.`, [{ fieldName: 'includechannels', errorCode: 'invalid.value' }]);
  }
  return { status: 200, json: { entities: hub(ctx).listChannels(ctx.principal, include) } };
}

function headChannel(ctx) {
  hub(ctx).ownChannel(ctx.principal, ctx.params.channelId);
  return { status: 200 };
}

const ignoreErrors = (ctx) => (ctx.query.get('ignoreErrors') ?? '').toLowerCase() === 'true';

function subscribe(ctx, mode) {
  const ch = hub(ctx).ownChannel(ctx.principal, ctx.params.channelId);
  return { status: 200, json: hub(ctx).subscribe(ctx.principal, ch, ctx.body, { mode, ignoreErrors: ignoreErrors(ctx) }) };
}

function listSubscriptions(ctx) {
  return { status: 200, json: hub(ctx).topicsView(hub(ctx).ownChannel(ctx.principal, ctx.params.channelId)) };
}

function deleteSubscriptions(ctx) {
  hub(ctx).unsubscribeAll(hub(ctx).ownChannel(ctx.principal, ctx.params.channelId));
  return { status: 204 };
}

const base = '/api/v2/notifications/channels';
export const routes = [
  { method: 'POST', path: base, handler: createChannel },
  { method: 'GET', path: base, handler: listChannels },
  { method: 'HEAD', path: `${base}/:channelId`, handler: headChannel },
  { method: 'GET', path: `${base}/:channelId/subscriptions`, handler: listSubscriptions },
  { method: 'POST', path: `${base}/:channelId/subscriptions`, handler: (ctx) => subscribe(ctx, 'add') },
  { method: 'PUT', path: `${base}/:channelId/subscriptions`, handler: (ctx) => subscribe(ctx, 'replace') },
  { method: 'DELETE', path: `${base}/:channelId/subscriptions`, handler: deleteSubscriptions },
];
