import type { Page, WebSocketRoute } from '@playwright/test';
import type { PushChannel, PushMap } from '../../app/contract/channels';
import { expect } from './fixtures';

/**
 * Pushes from the host, as the host sends them: `{push, payload}` on the page's bridge WebSocket.
 * Playwright routes the socket through to the host (everything else passes unchanged) and adds
 * the message, for pushes the web test host has no way to send yet (`app:notification`, which
 * the desktop app's notifier does not produce in the browser, and `app:open-switcher`, which only
 * the desktop app's global shortcut sends). Call before the page opens the app.
 */
export async function routeBridge(
  page: Page,
): Promise<{ push: <P extends PushChannel>(channel: P, payload: PushMap[P]) => Promise<void> }> {
  let route: WebSocketRoute | undefined;
  await page.routeWebSocket(/\/__bridge/, (ws) => {
    route = ws;
    ws.connectToServer();
  });
  return {
    push: async (channel, payload) => {
      await expect.poll(() => route !== undefined).toBe(true);
      route!.send(JSON.stringify({ push: channel, payload }));
    },
  };
}
