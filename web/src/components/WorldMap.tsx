/** World choropleth (d3-geo + world-atlas 110m, ISO numeric ids): loaded lazily in its own chunk. */
import { geoEqualEarth, geoPath } from 'd3-geo';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';

export interface MapValue {
  /** World-atlas id (ISO 3166-1 numeric, zero-padded). */
  atlasId: string;
  name: string;
  value: number;
  label: string;
}

const WIDTH = 960;
const HEIGHT = 470;
const LOW = [232, 238, 246];
const HIGH = [11, 61, 122];

const colour = (t: number) =>
  `rgb(${LOW.map((lo, i) => Math.round(lo + (HIGH[i]! - lo) * Math.max(0, Math.min(1, t)))).join(',')})`;

export default function WorldMap({
  values,
  title,
  minLabel,
  maxLabel,
  highlight,
}: {
  values: MapValue[];
  title: string;
  minLabel: string;
  maxLabel: string;
  highlight?: string;
}) {
  const { t } = useTranslation();
  const shapes = useMemo(() => {
    const topo = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const countries = feature(topo, topo.objects.countries);
    const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], countries);
    const path = geoPath(projection);
    return countries.features
      .filter((f) => f.properties?.name !== 'Antarctica')
      .map((f) => ({ id: String(f.id ?? ''), name: f.properties?.name ?? '', d: path(f) ?? '' }));
  }, []);
  const byId = new Map(values.map((v) => [v.atlasId, v]));
  const max = Math.max(0, ...values.map((v) => v.value));
  return (
    <figure className="world-map" data-testid="world-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        {shapes.map((s) => {
          const v = byId.get(s.id);
          return (
            <path
              key={s.id + s.name}
              d={s.d}
              fill={v && max > 0 ? colour(v.value / max) : '#f1f3f6'}
              stroke={v && v.atlasId === highlight ? '#c2410c' : '#ffffff'}
              strokeWidth={v && v.atlasId === highlight ? 1.6 : 0.5}
              data-atlas-id={s.id}
            >
              <title>{v ? `${v.name}: ${v.label}` : `${s.name}: ${t('standing.map.noWorks')}`}</title>
            </path>
          );
        })}
      </svg>
      <figcaption className="map-legend">
        <span>{minLabel}</span>
        <span className="map-legend-ramp" aria-hidden="true" />
        <span>{maxLabel}</span>
        <span className="map-legend-none">
          <span className="map-legend-swatch" aria-hidden="true" /> {t('standing.map.noWorks')}
        </span>
      </figcaption>
    </figure>
  );
}
