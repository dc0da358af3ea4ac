import type { Db } from '../../db/client.ts';
import { Invalid } from '../../kernel/errors.ts';

export interface Occupation {
  code: string;
  name: string;
  sector: string;
  category: string;
  has_levels: boolean;
}

/** The occupation a form names, or a clear refusal. */
export async function requireOccupation(db: Db, code: string): Promise<Occupation> {
  const [o] = await db.query<Occupation>(
    'SELECT code, name, sector, category, has_levels FROM occupations WHERE code = $1',
    [code],
  );
  if (!o)
    throw new Invalid(
      'UNKNOWN_OCCUPATION',
      `职业编码 ${code} 不在职业目录中`,
      `occupation ${code} is not in the catalog`,
      { field: 'occupationCode' },
    );
  return o;
}

/** A level code of the 新八级工 ladder, or null when none is given. */
export async function requireLevel(db: Db, level: string | null | undefined): Promise<string | null> {
  if (!level) return null;
  const [l] = await db.query('SELECT 1 FROM levels WHERE code = $1', [level]);
  if (!l)
    throw new Invalid('UNKNOWN_LEVEL', `技能等级 ${level} 不存在`, `level ${level} does not exist`, { field: 'level' });
  return level;
}

export async function requireCity(db: Db, code: string): Promise<string> {
  const [c] = await db.query('SELECT 1 FROM cities WHERE code = $1', [code]);
  if (!c)
    throw new Invalid('UNKNOWN_CITY', `城市编码 ${code} 不存在`, `city ${code} does not exist`, { field: 'cityCode' });
  return code;
}
