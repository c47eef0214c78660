/**
 * "Cannot save": the host's data folder sits on a small tmpfs that the test fills. The window
 * must say so plainly while tokens keep working, and stop saying so once space returns.
 * Needs root to mount (as CI runs); elsewhere it is skipped with the reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { shootBoth, watchConsole } from './ui-support';

function mountTmpfs(): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const directory = mkdtempSync(join(tmpdir(), 'tokendock-e2e-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', directory]);
    return directory;
  } catch {
    rmSync(directory, { recursive: true, force: true });
    return undefined;
  }
}

const mountPoint = mountTmpfs();
test.afterAll(() => {
  if (!mountPoint) return;
  execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

test.describe('when the data folder is full', () => {
  test.skip(!mountPoint, 'mounting a tmpfs needs root on Linux');
  test.use({ webHost: mountPoint ? { dataParent: mountPoint } : {} });

  test('the window says it cannot save, and stops saying so once it can', async ({
    page,
    host,
  }) => {
    const console = watchConsole(page);
    const daemon = host.sandbox.clients.daemon;
    const account = await host.engine.addAccount({
      name: 'Daemon',
      authority: { kind: 'sandbox' },
      flow: 'client_credentials',
      clientId: daemon.clientId,
      clientAuth: { kind: 'secret', method: 'client_secret_basic' },
      clientSecret: daemon.clientSecret,
      targets: [
        {
          label: 'API',
          target: { kind: 'resource', resource: host.sandbox.resources.api.identifier },
        },
      ],
    });
    await host.engine.signIn(account.id);
    await page.goto(host.url);
    await expect(page.getByRole('alert')).toHaveCount(0);

    const filler = join(mountPoint!, 'filler');
    try {
      writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024));
    } catch {
      // ENOSPC: the disk is now full, which is the point.
    }
    await host.engine.refreshNow(account.id, account.targets[0]!.id);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Cannot save. The disk is full.');
    await expect(alert).toContainText('quitting TokenDock would lose them');
    await shootBoth(page, 'cannot-save');

    rmSync(filler);
    await expect(alert).toHaveCount(0, { timeout: 15_000 });
    console.check();
  });
});
