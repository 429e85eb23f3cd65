// The seeded organisation: users, tokens, queues, external contacts, conversations, timers.
import { readFileSync } from 'node:fs';
import { Conversation } from './conversation.mjs';

const SEED_URL = new URL('./seed.json', import.meta.url);
export const SEED = Object.freeze(JSON.parse(readFileSync(SEED_URL, 'utf8')));

export class Org {
  constructor({ callSetupMs = 0 } = {}) {
    this.defaultCallSetupMs = callSetupMs;
    this.timers = new Set();
    this.reset();
  }

  /** Restores the seed and clears conversations and timers. */
  reset({ callSetupMs } = {}) {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const seed = structuredClone(SEED);
    this.callSetupMs = Number.isInteger(callSetupMs) && callSetupMs >= 0 ? callSetupMs : this.defaultCallSetupMs;
    this.division = seed.division;
    this.users = new Map(seed.users.map((u) => [u.id, u]));
    this.queues = seed.queues.map((q) => ({ ...q }));
    this.externalContacts = new Map(seed.externalContacts.map((c) => [c.id, c]));
    this.conversations = new Map();
    /** token -> {userId: string|null, permissions: Set|null (null = all)} */
    this.tokens = new Map();
    for (const u of seed.users) {
      this.tokens.set(seed.tokens[u.tokenKey], { userId: u.id, permissions: new Set(u.permissions) });
    }
    this.tokens.set(seed.tokens.clientCredentials, { userId: null, permissions: null });
  }

  /**
   * Registers an extra token. permissions omitted: the user's own, or all for a user-less token.
   * clientId: the OAuth client it was issued to (channels are counted per user + client).
   */
  addToken(token, userId, permissions, clientId) {
    let perms = null;
    if (Array.isArray(permissions)) perms = new Set(permissions);
    else if (userId) perms = new Set(this.users.get(userId).permissions);
    this.tokens.set(token, { userId: userId ?? null, permissions: perms, clientId: clientId ?? null });
  }

  /** The principal for a bearer token, or undefined if unknown. */
  principal(token) {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    const user = entry.userId ? this.users.get(entry.userId) : undefined;
    return {
      token,
      user,
      userId: user?.id ?? null,
      isClientCredentials: !user,
      clientId: entry.clientId ?? null,
      has: (perm) => entry.permissions === null || entry.permissions.has(perm),
    };
  }

  userByTokenKey(key) {
    const token = SEED.tokens[key];
    const entry = token && this.tokens.get(token);
    return entry?.userId ? this.users.get(entry.userId) : undefined;
  }

  findUser(idOrName) {
    if (!idOrName) return undefined;
    if (this.users.has(idOrName)) return this.users.get(idOrName);
    const needle = idOrName.toLowerCase();
    return [...this.users.values()].find((u) => u.email.toLowerCase() === needle || u.name.toLowerCase() === needle);
  }

  queueById(id) { return this.queues.find((q) => q.id === id); }

  queueByName(name) {
    const n = name?.toLowerCase();
    return this.queues.find((q) => q.name.toLowerCase() === n);
  }

  /** Queues whose name matches a GET /routing/queues `name` filter (leading/trailing `*` allowed). */
  queuesMatching(filter) {
    if (filter === undefined || filter === '') return [...this.queues];
    let f = filter.toLowerCase();
    const prefixWild = f.startsWith('*');
    const suffixWild = f.endsWith('*') && f.length > 1;
    f = f.replace(/^\*/, '').replace(/\*$/, '');
    return this.queues.filter((q) => {
      const n = q.name.toLowerCase();
      if (prefixWild && suffixWild) return n.includes(f);
      if (prefixWild) return n.endsWith(f);
      if (suffixWild) return n.startsWith(f);
      return n === f;
    });
  }

  contact(id) { return this.externalContacts.get(id); }

  divisionRef() {
    return { id: this.division.id, name: this.division.name, selfUri: `/api/v2/authorization/divisions/${this.division.id}` };
  }

  queueView(q) {
    return {
      id: q.id,
      name: q.name,
      division: this.divisionRef(),
      memberCount: q.memberCount ?? 0,
      joinedMemberCount: q.memberCount ?? 0,
      selfUri: `/api/v2/routing/queues/${q.id}`,
    };
  }

  newConversation() {
    const c = new Conversation(this);
    this.conversations.set(c.id, c);
    return c;
  }

  conversation(id) { return this.conversations.get(id); }

  /** Runs fn after ms; the timer never keeps the process alive and is cleared on reset/close. */
  schedule(ms, fn) {
    const t = setTimeout(() => { this.timers.delete(t); fn(); this.onChange?.(); }, ms);
    t.unref();
    this.timers.add(t);
  }

  close() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  stateView() {
    return {
      callSetupMs: this.callSetupMs,
      conversations: [...this.conversations.values()].map((c) => c.controlView()),
      users: [...this.users.values()].map((u) => structuredClone(u)),
      queues: this.queues.map((q) => this.queueView(q)),
    };
  }
}
