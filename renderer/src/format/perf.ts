/**
 * User Timing marks for the bench (`npm run bench` reads them in Chromium): how long the account
 * list takes from new data to committed DOM, and how long one countdown tick takes.
 */
const LIST_DATA = 'tokendock:accounts-data';

/** Marks the moment new account data is handed to React. */
export function markListData(): void {
  performance.mark(LIST_DATA);
}

/** Measures from the last `markListData` to now (call after the list committed). */
export function measureListRender(): void {
  if (performance.getEntriesByName(LIST_DATA, 'mark').length === 0) return;
  performance.measure('tokendock:accounts-render', LIST_DATA);
  performance.clearMarks(LIST_DATA);
}

/** Records one tick of the shared clock, from its start to now. */
export function measureTick(start: number): void {
  performance.measure('tokendock:tick', { start, end: performance.now() });
}
