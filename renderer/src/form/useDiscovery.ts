import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredAuthority } from '../../../app/contract/authority';
import type { ErrorInfo } from '../../../app/contract/errors';
import { call, errorInfo } from '../api/client';

export type Discovery =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'ok'; issuer: string; endpoints: string[] }
  | { status: 'failed'; error: ErrorInfo };

const DELAY_MS = 600;

/**
 * Checks the provider's discovery document live, a moment after the authority stops changing.
 * `check()` answers at once from the last result for the same authority, or asks now.
 */
export function useDiscovery(authority: StoredAuthority, enabled: boolean) {
  const key = JSON.stringify(authority);
  const results = useRef(new Map<string, Promise<Discovery>>());
  const [state, setState] = useState<{ key: string; discovery: Discovery }>();

  const check = useCallback((): Promise<Discovery> => {
    const cached = results.current.get(key);
    if (cached) return cached;
    const request = call('authority:check', { authority: JSON.parse(key) as StoredAuthority })
      .then((value): Discovery => ({ status: 'ok', ...value }))
      .catch((e: unknown): Discovery => {
        // A failure is not kept: the next check (or the save) asks again.
        results.current.delete(key);
        return { status: 'failed', error: errorInfo(e) };
      });
    results.current.set(key, request);
    return request;
  }, [key]);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const timer = setTimeout(() => {
      setState({ key, discovery: { status: 'checking' } });
      void check().then((discovery) => live && setState({ key, discovery }));
    }, DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, enabled, check]);

  const recheck = useCallback(() => {
    setState({ key, discovery: { status: 'checking' } });
    void check().then((discovery) => setState({ key, discovery }));
  }, [key, check]);

  const discovery: Discovery = enabled && state?.key === key ? state.discovery : { status: 'idle' };
  return { discovery, check, recheck };
}
