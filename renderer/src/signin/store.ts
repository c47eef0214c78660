import { useSyncExternalStore } from 'react';
import type { ErrorInfo } from '../../../app/contract/errors';
import type { DeviceCodePrompt } from '../../../app/contract/tokens';
import { ApiError, call, errorInfo, listen } from '../api/client';

/** What the window knows about one account's sign-in. */
export type SignInState =
  | { status: 'running'; step?: string; prompt?: DeviceCodePrompt }
  | { status: 'failed'; error: ErrorInfo }
  | { status: 'cancelled' }
  | { status: 'done' };

const states = new Map<string, SignInState>();
const listeners = new Set<() => void>();

function set(accountId: string, state: SignInState | undefined): void {
  if (state) states.set(accountId, state);
  else states.delete(accountId);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The sign-in state of one account; re-renders only its own readers. */
export function useSignIn(accountId: string): SignInState | undefined {
  return useSyncExternalStore(subscribe, () => states.get(accountId));
}

/** Starts a sign-in; its progress and outcome go to the store. The password is not kept. */
export async function signIn(accountId: string, password?: string): Promise<void> {
  set(accountId, { status: 'running' });
  try {
    await call('accounts:sign-in', { accountId, ...(password ? { password } : {}) });
    set(accountId, { status: 'done' });
  } catch (error) {
    const info = errorInfo(error);
    const cancelled =
      error instanceof ApiError && (info.code === 'cancelled' || info.code === 'window_closed');
    set(accountId, cancelled ? { status: 'cancelled' } : { status: 'failed', error: info });
  }
}

export async function cancelSignIn(accountId: string): Promise<void> {
  await call('accounts:cancel-sign-in', { accountId });
}

/** Forgets a finished sign-in's outcome (the person dismissed it). */
export function dismissSignIn(accountId: string): void {
  set(accountId, undefined);
}

function update(accountId: string, patch: { step?: string; prompt?: DeviceCodePrompt }): void {
  const current = states.get(accountId);
  // A late progress step of a sign-in that already ended changes nothing.
  if (!patch.prompt && current && current.status !== 'running') return;
  const running = current?.status === 'running' ? current : { status: 'running' as const };
  set(accountId, { ...running, ...patch });
}

/** Feeds the host's sign-in pushes (device code prompts, progress steps) into the store. */
export function listenToSignInPushes(): () => void {
  const stops = [
    listen('sign-in:device-code', ({ accountId, prompt }) => update(accountId, { prompt })),
    listen('sign-in:progress', ({ accountId, step }) => update(accountId, { step })),
  ];
  return () => stops.forEach((stop) => stop());
}
