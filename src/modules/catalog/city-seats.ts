/**
 * The seat (市政府驻地) of each of the 13 cities, as WGS-84 latitude and longitude. A training request
 * or job order knows its city, not an address: dispatch measures an institution's distance from here.
 */
export const CITY_SEATS: Record<string, { lat: number; lon: number }> = {
  '320100': { lat: 32.0603, lon: 118.7969 },
  '320200': { lat: 31.4912, lon: 120.3119 },
  '320300': { lat: 34.2044, lon: 117.2859 },
  '320400': { lat: 31.8107, lon: 119.9741 },
  '320500': { lat: 31.299, lon: 120.5853 },
  '320600': { lat: 31.9802, lon: 120.8943 },
  '320700': { lat: 34.5966, lon: 119.2216 },
  '320800': { lat: 33.6104, lon: 119.0153 },
  '320900': { lat: 33.3476, lon: 120.1633 },
  '321000': { lat: 32.3942, lon: 119.4129 },
  '321100': { lat: 32.1878, lon: 119.425 },
  '321200': { lat: 32.4559, lon: 119.923 },
  '321300': { lat: 33.9631, lon: 118.2752 },
};
