import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * axe-core (WCAG 2.1 A and AA rules) on the page as it is, in the light and the dark theme: each
 * violation described by the screen, theme, rule, element and axe's reason. Empty when it passes.
 */
export async function axeViolations(page: Page, screen = 'page'): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    for (const v of result.violations)
      for (const node of v.nodes)
        found.push(
          `${screen} (${colorScheme}): ${v.id}: ${node.target.join(' ')}: ${node.failureSummary ?? ''}`,
        );
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}
