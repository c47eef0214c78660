import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms after which the entry is gone; undefined for no expiry. */
  removeAt?: number;
}

/** Models whose records hang off a grant and go when it is revoked. */
const GRANT_MEMBERS = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/** Extra time an expired record is kept, so oidc-provider can still say "expired". */
const GRACE_MS = 60_000;

/**
 * One sandbox's oidc-provider storage, in memory. Unlike oidc-provider's bundled adapter it is
 * per instance (no store shared between sandboxes, no 1000-entry LRU eviction), it is quiet, and
 * it can list a user's grants and sessions for `revokeUserGrants`.
 */
export class MemoryStore {
  private readonly entries = new Map<string, Entry>();
  private readonly grantMembers = new Map<string, Set<string>>();
  private readonly userCodes = new Map<string, string>();
  private readonly sessionUids = new Map<string, string>();
  private writes = 0;

  /** The adapter factory for oidc-provider's `adapter` configuration. */
  readonly adapterFactory = (model: string): Adapter => new ModelAdapter(model, this);

  get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (entry?.removeAt !== undefined && entry.removeAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry?.payload;
  }

  set(model: string, key: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    this.delete(key);
    const removeAt = expiresIn === undefined ? undefined : Date.now() + expiresIn * 1000 + GRACE_MS;
    this.entries.set(key, { payload, removeAt });
    if (payload.grantId && GRANT_MEMBERS.has(model)) {
      const members = this.grantMembers.get(payload.grantId) ?? new Set<string>();
      members.add(key);
      this.grantMembers.set(payload.grantId, members);
    }
    if (payload.userCode) this.userCodes.set(payload.userCode, key);
    if (model === 'Session' && payload.uid) this.sessionUids.set(payload.uid, key);
    this.writes += 1;
    if (this.writes % 500 === 0) this.sweep();
  }

  delete(key: string): void {
    const payload = this.entries.get(key)?.payload;
    this.entries.delete(key);
    if (!payload) return;
    if (payload.grantId) this.grantMembers.get(payload.grantId)?.delete(key);
    if (payload.userCode && this.userCodes.get(payload.userCode) === key) {
      this.userCodes.delete(payload.userCode);
    }
    if (payload.uid && this.sessionUids.get(payload.uid) === key)
      this.sessionUids.delete(payload.uid);
  }

  keyForUserCode(userCode: string): string | undefined {
    return this.userCodes.get(userCode);
  }

  keyForSessionUid(uid: string): string | undefined {
    return this.sessionUids.get(uid);
  }

  /** Deletes every token, code and device code issued under a grant. */
  revokeGrantMembers(grantId: string): void {
    for (const key of [...(this.grantMembers.get(grantId) ?? [])]) this.delete(key);
    this.grantMembers.delete(grantId);
  }

  /** Deletes the user's grants with everything issued under them, and the user's sessions. */
  revokeAccount(accountId: string): number {
    let revoked = 0;
    for (const [key, { payload }] of [...this.entries]) {
      if (payload.accountId !== accountId) continue;
      if (key.startsWith('Grant:')) {
        this.revokeGrantMembers(key.slice('Grant:'.length));
        this.delete(key);
        revoked += 1;
      } else if (key.startsWith('Session:')) {
        this.delete(key);
      }
    }
    return revoked;
  }

  private sweep(): void {
    for (const key of [...this.entries.keys()]) this.get(key);
  }
}

class ModelAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly store: MemoryStore,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
    this.store.set(this.model, this.key(id), payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(this.key(id));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const key = this.store.keyForUserCode(userCode);
    return key ? this.store.get(key) : undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const key = this.store.keyForSessionUid(uid);
    return key ? this.store.get(key) : undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.store.revokeGrantMembers(grantId);
  }
}
