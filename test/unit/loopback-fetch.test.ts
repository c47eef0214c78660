import { describe, expect, it } from 'vitest';
import { withLoopbackGuard, type LookupAll } from '../../app/authority/loopback-fetch';
import type { TokenDockError } from '../../app/errors/tokendock-error';
import type { Fetch } from '../../app/ports';

/** A fetch that records where it was asked to go and answers 200. */
function recordingFetch(): { fetch: Fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (input) => {
      urls.push(String(input));
      return new Response('{}', { status: 200 });
    },
  };
}

const resolver =
  (answers: Record<string, string[]>): LookupAll =>
  async (host) => {
    const found = answers[host];
    if (!found)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as TokenDockError).code;
  }
}

describe('plain http goes to loopback only', () => {
  it('sends to localhost when every address it resolves to is loopback', async () => {
    const host = recordingFetch();
    const guarded = withLoopbackGuard(
      host.fetch,
      resolver({ localhost: ['::1', '127.0.0.1'], 'kc.localhost': ['127.0.0.1'] }),
    );
    await guarded('http://localhost:8080/realms/dev/.well-known/openid-configuration');
    await guarded(new URL('http://kc.localhost:8080/token'));
    expect(host.urls).toEqual([
      'http://localhost:8080/realms/dev/.well-known/openid-configuration',
      'http://kc.localhost:8080/token',
    ]);
  });

  it('refuses localhost when the resolver sends it elsewhere, before anything is sent', async () => {
    const host = recordingFetch();
    const guarded = withLoopbackGuard(
      host.fetch,
      resolver({ localhost: ['127.0.0.1', '203.0.113.7'] }),
    );
    await expect(guarded('http://localhost:8080/token', { method: 'POST' })).rejects.toThrow(
      /resolves to 203\.0\.113\.7/,
    );
    expect(await codeOf(guarded('http://localhost:8080/token'))).toBe('insecure_issuer');
    expect(host.urls).toEqual([]);
  });

  it('says a name that does not resolve is a network problem', async () => {
    const host = recordingFetch();
    const guarded = withLoopbackGuard(host.fetch, resolver({}));
    expect(await codeOf(guarded('http://dev.localhost:8080/'))).toBe('network');
    expect(host.urls).toEqual([]);
  });

  it('refuses plain http to other hosts named by metadata; https and loopback literals pass', async () => {
    const host = recordingFetch();
    const guarded = withLoopbackGuard(host.fetch, resolver({}));
    expect(await codeOf(guarded('http://tokens.example.com/token'))).toBe('insecure_issuer');
    expect(await codeOf(guarded('http://example.com/'))).toBe('insecure_issuer');
    await guarded('http://127.0.0.1:4000/token');
    await guarded('http://[::1]:4000/token');
    await guarded('https://login.example.com/token');
    expect(host.urls).toEqual([
      'http://127.0.0.1:4000/token',
      'http://[::1]:4000/token',
      'https://login.example.com/token',
    ]);
  });

  it("uses the system resolver by default: this machine's localhost is loopback", async () => {
    const host = recordingFetch();
    await withLoopbackGuard(host.fetch)('http://localhost:1/');
    expect(host.urls).toEqual(['http://localhost:1/']);
  });
});
