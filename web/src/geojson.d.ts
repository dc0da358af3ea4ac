declare module 'china-geojson/src/geojson/jiang_su_geo.json' {
  const value: { type: 'FeatureCollection'; features: unknown[] };
  export default value;
}
