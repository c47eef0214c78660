import { tokenDockError } from '../errors/tokendock-error';
import type { Fetch } from '../ports';

/**
 * Limits the engine's fetch to http and https. Electron's `net.fetch` also reaches `file:` and
 * the app's own protocol; a provider's metadata must never make the engine read those.
 */
export function httpOnlyFetch(fetch: Fetch): Fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input.href;
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw tokenDockError('invalid_configuration', 'The request URL is not a URL.');
    }
    if (protocol !== 'https:' && protocol !== 'http:')
      throw tokenDockError('invalid_configuration', `Refused a ${protocol} request: only http(s).`);
    return fetch(url, init);
  };
}
