/**
 * Where the keyboard goes back to after a dialog: the control that had it when the dialog opened.
 * When that control cannot take it any more (removed, disabled, hidden), the closest ancestor that
 * can (a region or heading made focusable), else the main area, so focus never falls to the page
 * body and a screen reader does not start again from the top.
 */
export function returnFocus(opener: Element | null): void {
  const target = focusableSelfOrAncestor(opener) ?? document.getElementById('main');
  target?.focus({ preventScroll: true });
}

function focusableSelfOrAncestor(element: Element | null): HTMLElement | undefined {
  if (!element?.isConnected || element === document.body) return undefined;
  for (
    let node: Element | null = element;
    node && node !== document.body;
    node = node.parentElement
  )
    if (node instanceof HTMLElement && canTakeFocus(node)) return node;
  return undefined;
}

function canTakeFocus(element: HTMLElement): boolean {
  if (element.closest('[inert]')) return false;
  if ((element as HTMLButtonElement).disabled) return false;
  if (element.getClientRects().length === 0) return false;
  if (element.tabIndex >= 0) return true;
  // tabIndex -1 that was set on purpose (headings, the main area), not the default of a div.
  return element.hasAttribute('tabindex');
}
