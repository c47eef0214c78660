import type { CopyFormat } from '../contract/tokens';
import { toTokenDockError } from '../errors/translate';
import type { TrayAction } from './menu';

/** What the tray's actions call on the engine. */
export interface TrayEngine {
  copyToken(accountId: string, targetId: string, format: CopyFormat): Promise<unknown>;
  refreshNow(accountId: string, targetId: string): Promise<void>;
  refreshAll(): void;
}

export interface TrayActionHost {
  engine: TrayEngine;
  /** Shows (and focuses) the main window, optionally at one account. */
  showWindow(accountId?: string): void;
  quit(): void;
  /** Tells the person what went wrong (a notification); the message holds no secret. */
  reportFailure(title: string, message: string): void;
}

/** Runs one tray menu action. Never throws: failures are reported to the person. */
export async function runTrayAction(action: TrayAction, host: TrayActionHost): Promise<void> {
  try {
    switch (action.type) {
      case 'copy':
        await host.engine.copyToken(action.accountId, action.targetId, action.format);
        return;
      case 'refresh':
        await host.engine.refreshNow(action.accountId, action.targetId);
        return;
      case 'refresh-all':
        host.engine.refreshAll();
        return;
      case 'open':
        host.showWindow(action.accountId);
        return;
      case 'quit':
        host.quit();
        return;
    }
  } catch (error) {
    const failure = toTokenDockError(error, action.type === 'copy' ? 'Copy' : 'Refresh');
    host.reportFailure(
      action.type === 'copy' ? 'Could not copy the token' : 'Could not refresh',
      failure.message,
    );
  }
}
