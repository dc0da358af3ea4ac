import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { assertMayManageSites, insideJiangsu } from './training.policy.ts';
import type { TSite } from './training.schema.ts';

export interface NewSite {
  /** The institution the site belongs to; institution staff may leave it out (their own). */
  institutionCode?: string;
  name: string;
  address?: string | null;
  lat: number;
  lon: number;
}

interface InstitutionRef {
  credit_code: string;
  city_code: string;
}

/** The institution whose sites are asked for: the caller's own for institution staff, else the one named. */
async function institutionOf(db: Db, actor: Actor, code: string | undefined): Promise<InstitutionRef> {
  const wanted = code ?? (actor.role === 'institution_staff' ? actor.institutionCode : null);
  if (!wanted)
    throw new Invalid('INSTITUTION_REQUIRED', '请指定机构', 'name the institution', { field: 'institutionCode' });
  const [i] = await db.query<InstitutionRef>(
    'SELECT credit_code, city_code FROM registry.institutions WHERE credit_code = $1',
    [wanted],
  );
  if (!i) throw new NotFound({ zh: '机构', en: 'institution' });
  assertMayManageSites(actor, i);
  return i;
}

const SITE_COLUMNS = `id, institution_code AS "institutionCode", name, address, lat, lon, created_at AS "createdAt"`;

/** An institution's registered training sites (培训场所), by name. */
export async function listSites(db: Db, actor: Actor, query: { institution?: string }): Promise<TSite[]> {
  const i = await institutionOf(db, actor, query.institution);
  return db.query<TSite>(`SELECT ${SITE_COLUMNS} FROM sites WHERE institution_code = $1 ORDER BY name, id`, [
    i.credit_code,
  ]);
}

/**
 * Registers a site: a name unique within the institution, and coordinates inside Jiangsu (picked
 * on the map; a click outside the province is refused rather than stored). Audited.
 */
export async function addSite(db: Db, actor: Actor, input: NewSite): Promise<TSite> {
  const i = await institutionOf(db, actor, input.institutionCode);
  const name = input.name?.trim() ?? '';
  if (!name || name.length > 100)
    throw new Invalid('BAD_SITE_NAME', '场所名称必填，最多100字', 'a site name of at most 100 characters is required', {
      field: 'name',
    });
  const address = input.address?.trim() || null;
  if (address && address.length > 200)
    throw new Invalid('BAD_ADDRESS', '地址最多200字', 'the address may have at most 200 characters', {
      field: 'address',
    });
  if (!insideJiangsu(input.lat, input.lon))
    throw new Invalid(
      'SITE_OUTSIDE_JIANGSU',
      '场所位置不在江苏省内，请在地图上重新选点',
      'the site lies outside Jiangsu; pick it on the map again',
      { field: 'lat' },
    );
  // Six decimals (~0.1 m) is more than a click on a map can mean.
  const lat = Math.round(input.lat * 1e6) / 1e6;
  const lon = Math.round(input.lon * 1e6) / 1e6;
  return db.transaction(async (tx) => {
    const [taken] = await tx.query('SELECT 1 FROM sites WHERE institution_code = $1 AND name = $2', [
      i.credit_code,
      name,
    ]);
    if (taken)
      throw new Conflict(
        'SITE_EXISTS',
        `本机构已有名为「${name}」的场所`,
        `the institution already has a site named “${name}”`,
      );
    const [site] = await tx.query<TSite>(
      `INSERT INTO sites (institution_code, name, address, lat, lon, created_by) VALUES ($1,$2,$3,$4,$5,$6) RETURNING ${SITE_COLUMNS}`,
      [i.credit_code, name, address, lat, lon, actorName(actor)],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'site.create',
        entity: 'institution',
        entityId: i.credit_code,
        after: { site: site.id, name, address, lat, lon },
      },
    ]);
    return site;
  });
}

/** The registered site a session is held at: it must be one of the project's institution's own. */
export async function siteOfInstitution(db: Db, siteId: number, institutionCode: string) {
  const [s] = await db.query<{ name: string; lat: number; lon: number; institution_code: string }>(
    'SELECT name, lat, lon, institution_code FROM sites WHERE id = $1',
    [siteId],
  );
  if (!s || s.institution_code !== institutionCode)
    throw new Invalid(
      'UNKNOWN_SITE',
      '该场所不是本机构登记的培训场所',
      'the site is not one of the institution’s registered sites',
      { field: 'siteId' },
    );
  return s;
}
