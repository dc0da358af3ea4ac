import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { Conflict, Invalid } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { assertMayRegisterGigStation, insideJiangsu } from './training.policy.ts';

/** 零工驿站 as registered: the place, its city and what it offers. */
export interface GigStation {
  id: number;
  cityCode: string;
  name: string;
  address: string | null;
  lat: number;
  lon: number;
  occupations: string[];
}

export interface NewGigStation {
  /** The station's city; a city officer's own city when left out. */
  cityCode?: string;
  name: string;
  address?: string | null;
  lat: number;
  lon: number;
  occupations?: string[];
}

/**
 * Registers a 零工驿站: the province anywhere, a city officer in their city (another city's is out of
 * scope). A name unique within the city, coordinates inside Jiangsu, occupations from the catalog.
 * Audited. It then appears in 便民服务圈 beside the institutions' training sites.
 */
export async function addGigStation(db: Db, actor: Actor, input: NewGigStation): Promise<GigStation> {
  const cityCode = input.cityCode ?? (actor.role === 'city_officer' ? actor.cityCode : undefined);
  assertMayRegisterGigStation(actor, cityCode ?? null);
  if (!cityCode) throw new Invalid('CITY_REQUIRED', '请选择城市', 'choose the city', { field: 'cityCode' });
  const [city] = await db.query('SELECT 1 FROM catalog.cities WHERE code = $1', [cityCode]);
  if (!city)
    throw new Invalid('UNKNOWN_CITY', `未知的城市代码：${cityCode}`, `unknown city code: ${cityCode}`, {
      field: 'cityCode',
    });
  const name = input.name?.trim() ?? '';
  if (!name || name.length > 100)
    throw new Invalid(
      'BAD_STATION_NAME',
      '驿站名称必填，最多100字',
      'a station name of at most 100 characters is required',
      {
        field: 'name',
      },
    );
  const address = input.address?.trim() || null;
  if (address && address.length > 200)
    throw new Invalid('BAD_ADDRESS', '地址最多200字', 'the address may have at most 200 characters', {
      field: 'address',
    });
  if (!insideJiangsu(input.lat, input.lon))
    throw new Invalid(
      'STATION_OUTSIDE_JIANGSU',
      '驿站位置不在江苏省内，请在地图上重新选点',
      'the station lies outside Jiangsu; pick it on the map again',
      { field: 'lat' },
    );
  const occupations = [...new Set(input.occupations ?? [])];
  if (occupations.length > 30)
    throw new Invalid('TOO_MANY_OCCUPATIONS', '职业最多30个', 'at most 30 occupations', { field: 'occupations' });
  if (occupations.length) {
    const known = await db.query<{ code: string }>(
      'SELECT code FROM catalog.occupations WHERE code = ANY($1::text[])',
      [occupations],
    );
    const unknown = occupations.filter((o) => !known.some((k) => k.code === o));
    if (unknown.length)
      throw new Invalid(
        'UNKNOWN_OCCUPATION',
        `未知的职业代码：${unknown.join('、')}`,
        `unknown occupation codes: ${unknown.join(', ')}`,
        { field: 'occupations' },
      );
  }
  const lat = Math.round(input.lat * 1e6) / 1e6;
  const lon = Math.round(input.lon * 1e6) / 1e6;
  return db.transaction(async (tx) => {
    const [taken] = await tx.query('SELECT 1 FROM gig_stations WHERE city_code = $1 AND name = $2', [cityCode, name]);
    if (taken)
      throw new Conflict(
        'STATION_EXISTS',
        `本市已有名为「${name}」的零工驿站`,
        `the city already has a gig station named “${name}”`,
      );
    const [row] = await tx.query<GigStation>(
      `INSERT INTO gig_stations (city_code, name, address, lat, lon, occupations, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7)
       RETURNING id, city_code AS "cityCode", name, address, lat, lon, occupations`,
      [cityCode, name, address, lat, lon, occupations, actorName(actor)],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'gig_station.create',
        entity: 'gig_station',
        entityId: String(row.id),
        after: { cityCode, name, address, lat, lon, occupations },
      },
    ]);
    return row;
  });
}
