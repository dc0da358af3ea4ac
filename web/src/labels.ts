/** Chinese labels of codes more than one page shows (t() gives the English). */
export const INDICATOR_NAMES: Record<string, string> = {
  subsidized_trainings: '补贴性培训人次',
  new_certificates: '新增证书',
  new_high_skill: '新增高技能人才',
};
export const REQUEST_STATUS: Record<string, string> = { open: '待派单', served: '已派单', withdrawn: '已撤回' };

/** Today's date in China (UTC+8), as the server's rules count days: a UTC date is yesterday in China until 08:00. */
export const chinaToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
