// ErrorBody model of the Genesys Cloud Platform API v2:
// {message, code, status, contextId, details: [], errors: [], messageParams?, messageWithParams?}

export class ApiError extends Error {
  constructor(status, code, message, extra = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

/** Serialises an ApiError into the real ErrorBody shape. */
export function errorBody(err, contextId) {
  const { details = [], errors = [], ...rest } = err.extra ?? {};
  return {
    message: err.message,
    code: err.code,
    status: err.status,
    contextId,
    details,
    errors,
    ...rest,
  };
}

/** Default ErrorBody for a bare status (used by status faults). */
export function defaultErrorForStatus(status, retryAfter) {
  switch (status) {
    case 400: return new ApiError(400, 'bad.request', 'The request could not be understood by the server due to malformed syntax.');
    case 401: return new ApiError(401, 'bad.credentials', 'Invalid login credentials.');
    case 403: return new ApiError(403, 'not.authorized', 'You are not authorized to perform the requested action.');
    case 404: return new ApiError(404, 'not.found', 'The requested resource was not found.');
    case 408: return new ApiError(408, 'request.timeout', 'The request timed out.');
    case 409: return new ApiError(409, 'conflict', 'The request could not be completed due to a conflict.');
    case 429: return rateLimited(retryAfter ?? 1);
    case 500: return new ApiError(500, 'internal.server.error', 'The server encountered an unexpected condition which prevented it from fulfilling the request.');
    case 502: return new ApiError(502, 'bad.gateway', 'The server received an invalid response from an upstream server.');
    case 503: return new ApiError(503, 'service.unavailable', 'Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).');
    case 504: return new ApiError(504, 'request.timeout', 'The request timed out.');
    default: return new ApiError(status, 'error', `HTTP ${status}`);
  }
}

/** The normalised 429 body (Genesys announcement "Normalized Platform API 429 responses"). */
export function rateLimited(seconds) {
  return new ApiError(429, 'too.many.requests.retry.after',
    `Rate limit exceeded the maximum. Retry the request in [${seconds}] seconds`,
    { messageWithParams: 'Rate limit exceeded the maximum. Retry the request in [{retryAfter}] seconds', messageParams: { retryAfter: String(seconds) } });
}

export const notFound = (what = 'resource') =>
  new ApiError(404, 'not.found', `The requested ${what} was not found.`);

export const badRequest = (message, details = []) =>
  new ApiError(400, 'bad.request', message, { details });

/** 400 bad.request naming one field with errorCode invalid.value. */
export const invalidField = (fieldName, message) =>
  badRequest(message ?? `Invalid value for field '${fieldName}'.`, [{ fieldName, errorCode: 'invalid.value' }]);

export const missingField = (fieldName) =>
  badRequest(`The field '${fieldName}' is required.`, [{ fieldName, errorCode: 'invalid.value' }]);

export function missingAnyPermissions(perms) {
  const list = perms.join(', ');
  return new ApiError(403, 'missing.any.permissions',
    `Unable to perform the requested action. You are missing the following permission(s): [${list}]`,
    {
      messageWithParams: 'Unable to perform the requested action. You are missing the following permission(s): {permissions}',
      messageParams: { permissions: list },
    });
}

export const notAUser = () => new ApiError(400, 'not.a.user',
  'This request requires a user context. Client credentials cannot be used for requests to this resource.');

export const notActiveParticipant = () => new ApiError(403, 'conversation.error.forbidden.not.active.participant',
  'The user is not an active participant of the conversation and lacks the permission to act on it.');
