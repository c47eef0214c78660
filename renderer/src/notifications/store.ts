import { useSyncExternalStore } from 'react';
import type { AppNotification } from '../../../app/contract/channels';
import { listen } from '../api/client';

/** A notice on screen: the host's `app:notification`, or the window's own (a copy done). */
export interface Toast extends AppNotification {
  id: number;
  /** Notices of one kind replace each other. */
  kind?: string;
}

/** At most this many at once; the oldest goes first. */
const MAX_TOASTS = 3;

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function set(next: readonly Toast[]): void {
  toasts = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The toasts on screen, oldest first. */
export function useToasts(): readonly Toast[] {
  return useSyncExternalStore(subscribe, () => toasts);
}

/**
 * Shows a notice; returns its id. A notice with the same `kind` as one on screen replaces it (a
 * second copy's confirmation is not stacked on the first).
 */
export function showToast(notification: AppNotification, kind?: string): number {
  const id = nextId++;
  const toast: Toast = { id, title: notification.title, body: notification.body };
  if (notification.accountId) toast.accountId = notification.accountId;
  if (kind) toast.kind = kind;
  const others = kind ? toasts.filter((t) => t.kind !== kind) : toasts;
  set([...others, toast].slice(-MAX_TOASTS));
  return id;
}

export function dismissToast(id: number): void {
  if (toasts.some((t) => t.id === id)) set(toasts.filter((t) => t.id !== id));
}

/** Feeds the host's `app:notification` pushes into the toasts. */
export function listenToNotifications(): () => void {
  return listen('app:notification', (notification) => void showToast(notification));
}
