import { createContext, useContext } from 'react';

export type Lang = 'zh' | 'en';

const en: Record<string, string> = {
  平台名称: 'Jineng · Jiangsu skills training platform',
  登录: 'Sign in', 退出: 'Sign out', 用户名: 'Username', 密码: 'Password',
  首页: 'Home', 公开目录: 'Catalogs', 账号管理: 'Accounts', 实名人员: 'Persons', 培训项目: 'Projects',
  补贴决定: 'Subsidy decisions', 指标: 'KPI', 数据导入: 'Import', 机构目录: 'Institutions',
  当前角色: 'Role', 权限范围: 'Scope', 全省: 'Whole province', 城市: 'City', 机构: 'Institution', 企业: 'Enterprise',
  领域: 'Sectors', 重点任务: 'Key tasks', 本人记录: 'Own records',
  欢迎: 'Welcome', 代码: 'Code', 名称: 'Name', 英文名: 'English name', 角色: 'Role', 显示名: 'Display name',
  身份证号: 'ID number', 姓名: 'Name', 电话: 'Phone', 所在城市: 'City', 群体: 'Groups', 参保月数: 'Insured months',
  项目编号: 'Project', 项目名称: 'Title', 承训机构: 'Institution', 职业: 'Occupation', 开始: 'Start', 结束: 'End', 报名人数: 'Enrolled',
  申请编号: 'Application', 类型: 'Type', 申请日期: 'Applied on', 决定: 'Decision', 金额: 'Amount', 原因: 'Reasons',
  指标项: 'Indicator', 维度: 'Dimension', 键: 'Key', 数值: 'Value',
  上传: 'Upload', 选择文件: 'Choose files', 导入记录: 'Import runs', 状态: 'Status', 下载错误报告: 'Download error report',
  通过: 'Approved', 不予补贴: 'Rejected', 待复核: 'Under review',
  城市目录: 'Cities', 领域目录: 'Sectors', 群体目录: 'Target groups', 任务目录: 'Key tasks', 等级目录: 'Skill levels', 职业目录: 'Occupations', 紧缺职业: 'Shortage list',
  新建账号: 'New account', 保存: 'Save', 搜索: 'Search', 总数: 'Total',
  登录失败: 'Sign-in failed', 交互比对: 'Integrity', 检测项: 'Detector', 对象: 'Subject', 确认: 'Confirm', 排除: 'Dismiss', '核查结论（必填）': 'Finding (required)', 信用分: 'Credit', 星级: 'Stars', 确认违规: 'Confirmed cases', 建议处理: 'Recommended sanction', 疑点案件: 'Cases', 机构信用与星级: 'Institution credit and stars', 我的档案: 'My profile', 江苏工匠: 'Jiangsu craftsmen', 培训经历: 'Trainings', 出勤: 'Attendance', 贯通对照: 'Title / education', 江苏工匠名单: 'Published list', 推荐与评审: 'Nominations and review', 推荐: 'Nominate', 入选: 'Select', 不入选: 'Reject', 考核发证: 'Assessments', 已发证: 'Issued', 提交成绩并发证: 'Submit results and issue', 安排考核: 'Schedule', 录入成绩: 'Results', 目标看板: 'Targets', 进度: 'Progress', 按期应完成: 'Due by now', 地图: 'Map', 表格: 'Table', '各市进度（对照按期目标）': 'Cities against pro-rata target', 完成: 'Done', 按期目标: 'Pro-rata target', 预计完成: 'Forecast', 分项: 'breakdown', 点击地图上的城市查看分项: 'Click a city on the map for its breakdown', '下载 XLSX': 'Download XLSX', 月度趋势: 'Monthly trend', 补贴性培训人次: 'Subsidized trainings', 新增证书: 'New certificates', 新增高技能人才: 'New high-skill talents', 我的补贴: 'My subsidies', 我的证书: 'My certificates', 我的申请: 'My applications', 申领补贴: 'Apply', 补贴类型: 'Subsidy type', 已提交: 'Submitted', 支付与台账: 'Payments & ledger', 证据: 'Evidence', '复核意见（必填）': 'Reason (required)', 生成支付批次: 'Create payment batches', 上传回盘文件: 'Upload bank return', 资金: 'Fund', 笔数: 'Lines', 成功: 'Paid', 失败: 'Failed', 银行文件: 'Bank file', 台账平衡: 'Ledger balances', 台账不平衡: 'Ledger does NOT balance', 预算: 'Budget', 已承诺: 'Committed', 应收追回: 'Receivable', 可用: 'Available', 年度: 'Year', 支付批次: 'Payment batches', 资金台账: 'Funds ledger', 个批次: 'batches', 变更记录: 'Change history', 疑似重复: 'Likely duplicates', '导出 XLSX': 'Export XLSX',
};

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'zh', setLang: () => {} });

/** t('首页') → '首页' in Chinese, 'Home' in English. Chinese is the key: the UI is Chinese first. */
export function useT() {
  const { lang } = useContext(LangContext);
  return (zh: string) => (lang === 'en' ? en[zh] ?? zh : zh);
}
