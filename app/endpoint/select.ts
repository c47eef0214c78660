import type { EndpointErrorInfo } from '../contract/endpoint';

/** Something named by id or name (an account, or a target by its label). */
export interface Named {
  id: string;
  name: string;
}

/** The one item a selector means, or why there is none. */
export type Selection<T> = { ok: true; item: T } | { ok: false; error: EndpointErrorInfo };

/**
 * Finds what `selector` names among `items`, case-insensitively: an exact id, else an exact name,
 * else the one id or name it is a prefix of. No selector means the only item, when there is
 * exactly one. Several matches: `ambiguous`, with the candidates; none: `not_found`.
 */
export function select<T extends Named>(
  items: readonly T[],
  selector: string | undefined,
  what: { singular: string; plural: string },
): Selection<T> {
  if (selector === undefined) {
    if (items.length === 1) return { ok: true, item: items[0]! };
    return items.length === 0
      ? { ok: false, error: { code: 'not_found', message: `There is no ${what.singular} yet.` } }
      : ambiguous(items, `There are ${items.length} ${what.plural}: name one.`);
  }
  const wanted = selector.toLowerCase();
  const tiers: Array<(item: T) => boolean> = [
    (item) => item.id.toLowerCase() === wanted,
    (item) => item.name.toLowerCase() === wanted,
    (item) =>
      item.id.toLowerCase().startsWith(wanted) || item.name.toLowerCase().startsWith(wanted),
  ];
  for (const matches of tiers) {
    const found = items.filter(matches);
    if (found.length === 1) return { ok: true, item: found[0]! };
    if (found.length > 1)
      return ambiguous(found, `"${selector}" matches ${found.length} ${what.plural}.`);
  }
  return {
    ok: false,
    error: {
      code: 'not_found',
      message: `No ${what.singular} is called "${selector}".`,
      candidates: items.map(({ id, name }) => ({ id, name })),
    },
  };
}

function ambiguous<T extends Named>(items: readonly T[], message: string): Selection<T> {
  return {
    ok: false,
    error: {
      code: 'ambiguous',
      message,
      candidates: items.map(({ id, name }) => ({ id, name })),
    },
  };
}
