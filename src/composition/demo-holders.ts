import { SYSTEM_ACTOR, SYSTEM_PROVINCE } from '../kernel/auth.ts';
import { createUser } from '../modules/accounts/index.ts';
import { addHolder, HOLDER_YEARS, setHolderTarget, type Indicator } from '../modules/reporting/index.ts';
import type { AppContext } from './context.ts';

/** The demo's "N" holder (an industry organisation of 先进制造业) and its liaison account `hangxie` (README). */
export const DEMO_HOLDER = { kind: 'industry_org', name: '江苏省机械行业协会', sector: 'manufacturing' } as const;

/** Its yearly targets, the same each plan year: a trade association's share of the sector's training. */
const DEMO_HOLDER_TARGETS: [Indicator, number][] = [
  ['subsidized_trainings', 3000],
  ['new_certificates', 1500],
  ['new_high_skill', 400],
];

/** Adds the demo holder with its targets for 2025–2027 and the liaison account that reads its pace. */
export async function loadDemoHolder(ctx: AppContext, password: string): Promise<void> {
  const holder = await addHolder(ctx.db, SYSTEM_PROVINCE, DEMO_HOLDER);
  for (const year of HOLDER_YEARS)
    for (const [indicator, value] of DEMO_HOLDER_TARGETS)
      await setHolderTarget(ctx.db, SYSTEM_PROVINCE, { holderId: holder.id, indicator, year, value });
  await createUser(ctx.db, SYSTEM_ACTOR, {
    username: 'hangxie',
    displayName: '省机械行业协会联络员',
    password,
    role: 'holder_officer',
    holderId: holder.id,
  });
}
