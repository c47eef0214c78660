import type { Page } from 'playwright-core';
import { launchChromium } from '../../test/support/chromium';
import { startWebHost } from '../../test/web-host/host';
import { summarize, type Figure } from '../measure';
import { daemonInput } from '../world';

const ACCOUNTS = 2_000;

async function measures(page: Page, name: string): Promise<number[]> {
  return page.evaluate(
    (n) => performance.getEntriesByName(n, 'measure').map((e) => e.duration),
    name,
  );
}

/**
 * The real renderer bundle in Chromium through the web test host, 2,000 signed-in token rows:
 * the first render of the list (new data to committed DOM, User Timing measures the UI records)
 * and one countdown tick, plus the JS heap.
 */
export async function uiFigures(): Promise<Figure[]> {
  const browser = await launchChromium();
  const host = await startWebHost({ browser });
  try {
    const ids: string[] = [];
    for (let i = 0; i < ACCOUNTS; i += 1)
      ids.push((await host.engine.addAccount(daemonInput(host.sandbox, `Daemon ${i}`))).id);
    for (let i = 0; i < ids.length; i += 50)
      await Promise.all(ids.slice(i, i + 50).map((id) => host.engine.signIn(id)));
    const renders: number[] = [];
    const ticks: number[] = [];
    let heap = 0;
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    for (let round = 0; round < 5; round += 1) {
      await page.goto(host.url);
      await page.getByRole('listbox').waitFor();
      await page.waitForFunction(
        () => performance.getEntriesByName('tokendock:accounts-render', 'measure').length > 0,
      );
      renders.push((await measures(page, 'tokendock:accounts-render'))[0]!);
      // Open the first account: its token card ticks every second.
      await page.getByRole('option').first().click();
      await page.waitForFunction(
        () => performance.getEntriesByName('tokendock:tick', 'measure').length >= 3,
        undefined,
        { timeout: 10_000 },
      );
      ticks.push(...(await measures(page, 'tokendock:tick')));
      heap = Math.max(
        heap,
        await page.evaluate(
          () =>
            (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
              ?.usedJSHeapSize ?? 0,
        ),
      );
    }
    const render = summarize(renders);
    const tick = summarize(ticks);
    const heapNote = `JS heap ${(heap / 1024 / 1024).toFixed(1)} MiB`;
    return [
      {
        name: 'UI first render',
        how: `${ACCOUNTS} token rows, data to committed DOM, Chromium`,
        unit: 'ms',
        ...render,
        target: '< 200 ms',
        meetsTarget: render.median < 200,
        notes: heapNote,
      },
      {
        name: 'UI countdown tick',
        how: 'one tick of the shared clock, Chromium',
        unit: 'ms',
        ...tick,
        target: '< 4 ms',
        meetsTarget: tick.median < 4,
        notes: heapNote,
      },
    ];
  } finally {
    await host.close();
    await browser.close();
  }
}
