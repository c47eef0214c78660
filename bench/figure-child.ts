import { reply } from './child';
import { growthFigures } from './figures/growth';
import { steadyStateFigures } from './figures/steady-state';
import type { Figure } from './measure';

/**
 * Runs one figure in a process of its own and prints its rows as JSON: for figures that build
 * large heaps (10,000 accounts) or are sensitive to garbage left by others (event-loop turns), so
 * neither they nor the figures after them inherit another's garbage collections.
 */
const figures: Record<string, () => Promise<Figure[]>> = {
  growth: growthFigures,
  steady: steadyStateFigures,
};
const name = process.argv[2] ?? '';
const figure = figures[name];
if (!figure) throw new Error(`unknown figure ${name}`);
reply(await figure());
process.exit(0);
