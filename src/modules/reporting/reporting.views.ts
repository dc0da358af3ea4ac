/**
 * The tables of this module other modules read, each through the view `reporting.<table>`
 * (migration 0053_holder_accounts): accounts checks the target holder a liaison account is linked to.
 */
export const PUBLISHED_VIEWS = ['target_holders'] as const;
