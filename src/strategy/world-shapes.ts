/**
 * Country outlines for the PDF brief's map: Natural Earth 1:110m via the world-atlas package, projected
 * equirectangular into a 1000 × 500 box. The map libraries are loaded on demand; when they are not installed
 * the brief is drawn without a map (and says so through BriefResult.map = false).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MapShapes } from './strategy-brief.js';

/** `byAtlasId`: world-atlas id (ISO numeric, e.g. "410") → alpha-2, from the country table. */
export async function worldShapes(byAtlasId: ReadonlyMap<string, string>): Promise<MapShapes | undefined> {
  try {
    const [geo, topo] = await Promise.all([import('d3-geo'), import('topojson-client')]);
    const require = createRequire(import.meta.url);
    const atlas = JSON.parse(
      readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'),
    ) as Parameters<typeof topo.feature>[0];
    const collection = topo.feature(atlas, atlas.objects.countries!) as unknown as {
      features: Array<{ id?: string | number; geometry: unknown }>;
    };
    const projection = geo.geoEquirectangular().fitExtent(
      [
        [0, 0],
        [1000, 500],
      ],
      { type: 'Sphere' },
    );
    const path = geo.geoPath(projection);
    const shapes: MapShapes = [];
    for (const f of collection.features) {
      const country = byAtlasId.get(String(f.id ?? '').padStart(3, '0'));
      const d = path(f as never);
      if (country && d) shapes.push({ country, path: d });
    }
    return shapes;
  } catch {
    return undefined;
  }
}
