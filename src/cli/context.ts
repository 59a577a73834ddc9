/** What every command needs: the catalogue (loaded once), the engine, and today's date in Shanghai. */
import { loadCatalogue } from '../catalogue/load.ts';
import type { Catalogue } from '../core/catalogue/types.ts';
import { shanghaiDate } from '../core/dates.ts';
import { createEngine, type Engine } from '../core/engine/calculate.ts';

let cached: { catalogue: Catalogue; engine: Engine } | undefined;

export function catalogueAndEngine(): { catalogue: Catalogue; engine: Engine } {
  if (!cached) {
    const catalogue = loadCatalogue(process.env.CEYUAN_POLICIES);
    cached = { catalogue, engine: createEngine(catalogue) };
  }
  return cached;
}

export function today(): string {
  return process.env.CEYUAN_TODAY ?? shanghaiDate(new Date());
}
