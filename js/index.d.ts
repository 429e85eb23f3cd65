// Types of genesys-callctl. Hand-written and exact: no `any`.

/** A Genesys Cloud domain (the API host is `https://api.<domain>`). */
export type GenesysDomain =
  | 'mypurecloud.com' | 'mypurecloud.ie' | 'mypurecloud.com.au' | 'mypurecloud.jp' | 'mypurecloud.de'
  | 'usw2.pure.cloud' | 'cac1.pure.cloud' | 'apne2.pure.cloud' | 'euw2.pure.cloud' | 'aps1.pure.cloud'
  | 'use2.us-gov-pure.cloud' | 'sae1.pure.cloud' | 'mec1.pure.cloud' | 'apne3.pure.cloud' | 'euc2.pure.cloud'
  | 'mxc1.pure.cloud' | 'apse1.pure.cloud' | 'edee1.eusc-pure.cloud';

/** A Genesys Cloud region id. */
export type GenesysRegionId =
  | 'us-east-1' | 'eu-west-1' | 'ap-southeast-2' | 'ap-northeast-1' | 'eu-central-1' | 'us-west-2'
  | 'ca-central-1' | 'ap-northeast-2' | 'eu-west-2' | 'ap-south-1' | 'us-east-2' | 'sa-east-1'
  | 'me-central-1' | 'ap-northeast-3' | 'eu-central-2' | 'mx-central-1' | 'ap-southeast-1' | 'eusc-de-east-1';

/** An access token, or a function giving one (asked per operation, and again once after a 401). */
export type TokenSource = string | (() => string | Promise<string>);

export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. @default 2 */
  limit?: number;
  /** Longest wait the package sleeps for a 429 or a backoff; a longer Retry-After fails at once with `rate_limited`. @default 30000 */
  maxRetryAfterMs?: number;
}

/** One HTTP attempt, as told to `onRequest`. Never holds headers, bodies or the token. */
export interface RequestEvent {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Path and query, e.g. `/api/v2/routing/queues?name=Billing&pageSize=100`. */
  path: string;
  /** The HTTP status, or null when no response arrived (network, timeout, abort). */
  status: number | null;
  /** Time from sending to the end of the body, in ms. */
  ms: number;
  /** 1 for the first attempt of this request, 2 for its first retry, … */
  attempt: number;
  /** `'ok'`, or the error kind this attempt alone stands for. */
  outcome: 'ok' | ErrorKind;
}

interface CommonClientOptions {
  /** The OAuth access token, sent only as `Authorization: Bearer …`. */
  token: TokenSource;
  /** Per-attempt timeout in ms. @default 15000 */
  timeoutMs?: number;
  /** Deadline for a whole operation (lookups and waits included) in ms. @default 60000 */
  totalTimeoutMs?: number;
  /** Retry policy, or just its limit. @default { limit: 2, maxRetryAfterMs: 30000 } */
  retry?: number | RetryOptions;
  /** Told about every HTTP attempt (for a request log). Errors it throws are ignored. */
  onRequest?: (event: RequestEvent) => void;
  /**
   * The WebSocket constructor for `watchCalls`, where the runtime has no global
   * one (Node 20: `import { WebSocket } from 'ws'`). @default globalThis.WebSocket
   */
  WebSocket?: new (url: string) => unknown;
  /** How long the notification socket may stay silent (no heartbeat or event) before `watchCalls` replaces it, in ms. @default 75000 */
  heartbeatTimeoutMs?: number;
}

/** A call state of the agent's own leg, as Genesys names it. */
export type CallState = 'alerting' | 'dialing' | 'contacting' | 'offering' | 'connected' | 'disconnected' | 'terminated';

/** One of the agent's calls: its own leg, as `calls()` lists and `watchCalls()` yields it. */
export interface Call {
  conversationId: string;
  /** The agent's own participant. */
  participantId: string;
  state: CallState;
  direction: 'inbound' | 'outbound';
  held: boolean;
  muted: boolean;
  /** The other party's address or name, as Genesys gives it. */
  remote: string | null;
  queueId: string | null;
}

/** The notification socket's state, told to `onStatus`. */
export type WatchStatus = 'connecting' | 'live' | 'reconnecting';

export interface WatchOptions {
  /** Ends the iterator (and, with the last watcher, closes the socket). */
  signal?: AbortSignal;
  /** Told when the socket connects, is live (after the resync) or is down and reconnecting. Errors it throws are ignored. */
  onStatus?: (status: WatchStatus) => void;
}

/** Client options: a `region`, or an explicit `apiBase`. */
export type ClientOptions = CommonClientOptions &
  (
    | {
        /** A domain (`usw2.pure.cloud`), a region id (`us-west-2`) or an API host (`https://api.mypurecloud.ie`). */
        region: GenesysDomain | GenesysRegionId | `https://api.${GenesysDomain}` | `api.${GenesysDomain}`;
        apiBase?: never;
      }
    | {
        /** Any `https://` base (a proxy), or `http://` on loopback only. */
        apiBase: string;
        region?: never;
      }
  );

/** Every operation takes an optional AbortSignal. */
export interface SignalOption {
  signal?: AbortSignal;
}

interface DialCommon extends SignalOption {
  /** Caller-ID number (E.164 after normalization). */
  callerId?: string;
  callerIdName?: string;
  /** Place the call on behalf of this queue (ACD outbound). */
  callFromQueueId?: string;
  /** Attributes set on the customer participant. */
  attributes?: Record<string, string>;
  /** Label for per-label max utilization. */
  label?: string;
  externalContactId?: string;
  /** User-to-User Information for the SIP session. */
  uuiData?: string;
  /** Priority, when calling a queue. */
  priority?: number;
  /** Language skill id, when calling a queue. */
  languageId?: string;
  /** Skill ids, when calling a queue. */
  routingSkillsIds?: string[];
  /** Place the call for this user (`POST /conversations/calls/user/{userId}`): for supervisor or client-credentials tokens. */
  onBehalfOf?: string;
}

/** Dial options: exactly one of `phoneNumber`, `callUserId`, `callQueueId`. */
export type DialOptions = DialCommon &
  (
    | { /** Spaces, dashes, dots, parentheses allowed; sent as E.164. */ phoneNumber: string; callUserId?: never; callQueueId?: never }
    | { callUserId: string; phoneNumber?: never; callQueueId?: never }
    | { callQueueId: string; phoneNumber?: never; callUserId?: never }
  );

export interface DialResult {
  conversationId: string;
}

/** The phone types of an external contact. */
export type PhoneType = 'WorkPhone' | 'CellPhone' | 'HomePhone' | 'OtherPhone';

/** Where a call goes: exactly one form. */
export type TransferTarget =
  | { queueId: string; queueName?: never; userId?: never; address?: never; contactId?: never; phoneType?: never }
  | { /** Resolved with GET /routing/queues?name=…; `*` at either end is a wildcard. */ queueName: string; queueId?: never; userId?: never; address?: never; contactId?: never; phoneType?: never }
  | { userId: string; queueId?: never; queueName?: never; address?: never; contactId?: never; phoneType?: never }
  | { /** A phone number (normalized to E.164) or a name Genesys resolves. */ address: string; queueId?: never; queueName?: never; userId?: never; contactId?: never; phoneType?: never }
  | { contactId: string; phoneType: PhoneType; queueId?: never; queueName?: never; userId?: never; address?: never };

export interface TransferOptions extends SignalOption {
  conversationId: string;
  to: TransferTarget;
  /** The participant to replace; found from the conversation when omitted. */
  participantId?: string;
}

export interface TransferResult {
  conversationId: string;
  /** The participant that was replaced. */
  participantId: string;
  /** The queue the call went to, for queue targets. */
  queueId?: string;
}

/** Who speaks during a consult. */
export type SpeakTo = 'destination' | 'object' | 'both' | 'conference';

export interface ConsultOptions extends SignalOption {
  conversationId: string;
  to: TransferTarget;
  /** @default 'destination' */
  speakTo?: SpeakTo;
  /** The participant being transferred; the customer is found from the conversation when omitted. */
  participantId?: string;
}

export interface CallOptions extends SignalOption {
  /** Skip the lookup of the agent's own participant. */
  participantId?: string;
}

/** A consult (warm) transfer in progress. */
export declare class Consult {
  private constructor();
  readonly conversationId: string;
  /** The participant being transferred (the customer). */
  readonly participantId: string;
  /** The destination brought into the call. */
  readonly destinationParticipantId: string;
  /** Who speaks, as last set through this handle; undefined for a rebuilt handle. */
  readonly speaking: SpeakTo | undefined;
  /** Switches who speaks. */
  speakTo(speakTo: SpeakTo, options?: SignalOption): Promise<Consult>;
  /** Hands the customer to the destination: the agent leaves its own leg. */
  complete(options?: CallOptions): Promise<void>;
  /** Drops the destination; agent and customer stay connected. */
  cancel(options?: SignalOption): Promise<void>;
}

/** JSON as Genesys sends it, with the fields this package relies on typed. */
export interface UserMe {
  id: string;
  name?: string;
  email?: string;
  username?: string;
  state?: string;
  [field: string]: unknown;
}

/** One media leg of a participant in `conversation()`'s answer, as Genesys sends it. */
export interface ConversationCall {
  id?: string;
  state?: string;
  direction?: 'inbound' | 'outbound';
  held?: boolean;
  muted?: boolean;
  [field: string]: unknown;
}

export interface Participant {
  id: string;
  purpose?: string;
  userId?: string;
  queueId?: string;
  queueName?: string;
  name?: string;
  address?: string;
  consultParticipantId?: string;
  calls?: ConversationCall[];
  [field: string]: unknown;
}

export interface Conversation {
  id: string;
  participants: Participant[];
  [field: string]: unknown;
}

export interface Queue {
  id: string;
  name?: string;
  [field: string]: unknown;
}

/** What went wrong, stable across versions. */
export type ErrorKind =
  | 'invalid_input' | 'unauthorized' | 'forbidden' | 'not_found' | 'invalid_state' | 'ambiguous'
  | 'rate_limited' | 'bad_request' | 'server' | 'network' | 'timeout' | 'aborted'
  | 'unexpected_response' | 'internal';

/** The error every promise of this package rejects with. Never contains the token. */
export declare class CallControlError extends Error {
  readonly name: 'CallControlError';
  readonly kind: ErrorKind;
  /** For `invalid_input`: the option at fault, e.g. `phoneNumber`, `to.queueId`. */
  readonly field: string | undefined;
  readonly status: number | undefined;
  /** Genesys's `ErrorBody.code`, e.g. `not.a.user`. */
  readonly code: string | undefined;
  /** `ININ-Correlation-Id` (or the body's `contextId`). */
  readonly correlationId: string | undefined;
  /** For `rate_limited`: the wait Genesys asked for. */
  readonly retryAfterMs: number | undefined;
  /** Requests sent for the failing step. */
  readonly attempts: number;
  /** A dial or transfer that may have reached Genesys before failing: check before retrying. */
  readonly maybeApplied: boolean;
  /** Choices for `ambiguous` or participant errors. */
  readonly candidates: ReadonlyArray<{ id: string; name: string }>;
  toJSON(): Record<string, string | number | boolean | undefined | ReadonlyArray<{ id: string; name: string }>>;
}

/** A client for repeated use: one region, one token source, a cached `users/me`. */
export declare class CallControl {
  /** Options are checked on the first call (the module loads lazily). */
  constructor(options: ClientOptions);
  dial(options: DialOptions): Promise<DialResult>;
  transfer(options: TransferOptions): Promise<TransferResult>;
  consult(options: ConsultOptions): Promise<Consult>;
  /** The consult in progress on a call. */
  consultFor(conversationId: string, options?: SignalOption): Promise<Consult>;
  hold(conversationId: string, held?: boolean, options?: CallOptions): Promise<{ conversationId: string; participantId: string }>;
  mute(conversationId: string, muted?: boolean, options?: CallOptions): Promise<{ conversationId: string; participantId: string }>;
  hangUp(conversationId: string, options?: CallOptions): Promise<{ conversationId: string; participantId: string }>;
  me(options?: SignalOption): Promise<UserMe>;
  conversation(conversationId: string, options?: SignalOption): Promise<Conversation>;
  findQueues(name: string, options?: SignalOption): Promise<Queue[]>;
  /** The agent's active calls (`GET /api/v2/conversations/calls`). */
  calls(options?: SignalOption): Promise<Call[]>;
  /** Answers a ringing call (the agent's alerting leg → connected); `invalid_state` when it is not ringing. */
  answer(conversationId: string, options?: CallOptions): Promise<{ conversationId: string; participantId: string }>;
  /**
   * The agent's calls as they change, over Genesys notifications: yields a
   * `Call` whenever the agent's leg changes (never twice for the same values;
   * `disconnected`/`terminated` are final). `break`, `return()` or the signal
   * ends it. One socket per client, shared by every iterator.
   */
  watchCalls(options?: WatchOptions): AsyncIterableIterator<Call>;
}

/** Places one call. */
export declare function dial(options: ClientOptions & DialOptions): Promise<DialResult>;
/** Blind-transfers one call. */
export declare function transfer(options: ClientOptions & TransferOptions): Promise<TransferResult>;

/** What `init` can load the WebAssembly from. */
export type WasmSource = URL | string | Response | Promise<Response> | BufferSource | WebAssembly.Module;

/**
 * Loads the WebAssembly module now (optional: the first call does it). The
 * default entry fetches `dist/wasm/genesys_callctl_bg.wasm` next to itself;
 * if your bundler does not copy that file (esbuild, Rollup), serve it and pass
 * its URL here, or import from `genesys-callctl/inline` (the wasm inside the module).
 */
export declare function init(source?: WasmSource): Promise<void>;

/** The E.164 form the package would send; throws `CallControlError` (`invalid_input`). Call after `init()`. */
export declare function normalizePhoneNumber(input: string): string;
