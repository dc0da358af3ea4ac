/**
 * A limit of policy.md as a person stands under it: how many counted decisions the limit allows,
 * how many the person has, how many are left. The limit rules (ANNUAL_LIMIT, TRAINING_LIFETIME_LIMIT,
 * UPGRADE_ANNUAL_LIMIT) fail exactly when `left` is 0, and the worker's entitlement (entitlement.ts)
 * shows the same `left`, so the two cannot drift apart.
 */
export interface Allowance {
  limit: number;
  used: number;
  left: number;
}

export const allowance = (limit: number, used: number): Allowance => ({ limit, used, left: Math.max(0, limit - used) });
