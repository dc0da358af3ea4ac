/** Chinese labels of codes more than one page shows (t() gives the English). */
export const INDICATOR_NAMES: Record<string, string> = { subsidized_trainings: '补贴性培训人次', new_certificates: '新增证书', new_high_skill: '新增高技能人才' };
export const REQUEST_STATUS: Record<string, string> = { open: '待派单', served: '已派单', withdrawn: '已撤回' };
