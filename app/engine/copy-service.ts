import { tokenDockError } from '../errors/tokendock-error';
import { findTarget, type EngineContext } from './context';
import type { RefreshService } from './refresh-service';
import { describeToken, formatToken, type CopyFormat, type DecodedToken } from './token-format';

/** A copied token is refreshed first when it has less than this left (seconds). */
const COPY_MIN_VALIDITY_SECONDS = 120;

/**
 * Tokens out of the engine on a person's request: copied to the clipboard (cleared again after
 * the configured delay, only if it still holds what was put there), revealed, or decoded. The one
 * owner of the clipboard timer.
 */
export class CopyService {
  #clipboardTimer: unknown;

  constructor(
    private readonly ctx: EngineContext,
    private readonly refresher: RefreshService,
  ) {}

  /** Copies as raw, an `Authorization` header or a curl command, refreshing first when needed. */
  async copy(
    accountId: string,
    targetId: string,
    format: CopyFormat,
  ): Promise<{ expiresOn: number }> {
    const { account, target } = findTarget(this.ctx, accountId, targetId);
    // A curl command without its URL fails before any refresh is spent on it.
    if (format === 'curl') formatToken('', format, target.curlUrl);
    const token = await this.refresher.getToken(accountId, targetId, COPY_MIN_VALIDITY_SECONDS);
    const text = formatToken(token.accessToken, format, target.curlUrl);
    const { clipboard, timers } = this.ctx.deps;
    clipboard.writeText(text);
    this.stop();
    const delay = this.ctx.settings.clipboardClearSeconds;
    if (delay > 0) {
      this.#clipboardTimer = timers.setTimeout(() => {
        this.#clipboardTimer = undefined;
        if (clipboard.readText() !== text) return;
        if (clipboard.clear) clipboard.clear();
        else clipboard.writeText('');
      }, delay * 1000);
    }
    this.ctx.activity.add({
      at: this.ctx.deps.clock.now(),
      kind: 'copied',
      accountId,
      accountName: account.name,
      targetLabel: target.label,
      message: `Copied the ${target.label} token of ${account.name} (${format}).`,
    });
    return { expiresOn: this.ctx.store.shownExpiry(token) };
  }

  /** The raw access token, for an explicit "reveal". */
  reveal(accountId: string, targetId: string): string {
    findTarget(this.ctx, accountId, targetId);
    const token = this.ctx.store.cached(accountId, targetId);
    if (!token) throw tokenDockError('not_found', 'There is no token to reveal: sign in first.');
    return token.accessToken;
  }

  /** Header and claims of the target's access or ID token, times as ISO strings. */
  decode(accountId: string, targetId: string, which: 'access' | 'id'): DecodedToken {
    findTarget(this.ctx, accountId, targetId);
    const token = this.ctx.store.cached(accountId, targetId);
    const value = which === 'access' ? token?.accessToken : token?.idToken;
    if (!value) {
      throw tokenDockError(
        'not_found',
        `There is no ${which === 'access' ? 'access' : 'ID'} token to decode.`,
      );
    }
    return describeToken(value);
  }

  /** Forgets the pending clipboard clear. */
  stop(): void {
    if (this.#clipboardTimer !== undefined) this.ctx.deps.timers.clearTimeout(this.#clipboardTimer);
    this.#clipboardTimer = undefined;
  }
}
