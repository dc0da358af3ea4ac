/**
 * The directory tests policy.md applies to institutions, in one place: settlement, 项目制 claims and
 * dispatch (派单/接单) all ask them.
 */
export interface DirectoryStanding {
  roles: string[];
  listedFrom: string | null;
  blacklistedFrom: string | null;
}

/** Holds `role` and was listed on `day` (listed_from set and not later). */
export const listedAs = (
  i: DirectoryStanding | null | undefined,
  role: 'training' | 'evaluation',
  day: string,
): boolean => !!i && i.roles.includes(role) && !!i.listedFrom && i.listedFrom <= day;

/** Blacklisted on or before `day`. */
export const blacklistedBy = (i: DirectoryStanding | null | undefined, day: string): boolean =>
  !!i?.blacklistedFrom && i.blacklistedFrom <= day;
