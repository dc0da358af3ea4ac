/** Names of the registry codes people read (served to the web by `GET /api/labels`). */

/** What a listed institution may do (资质). */
export const INSTITUTION_ROLE_NAMES = {
  training: { zh: '培训', en: 'Training' },
  evaluation: { zh: '评价', en: 'Evaluation' },
};

export const INSTITUTION_TYPE_NAMES = {
  technical_school: { zh: '技工院校', en: 'Technical school' },
  vocational_college: { zh: '职业院校', en: 'Vocational college' },
  university: { zh: '普通高校', en: 'University' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  private: { zh: '民办培训机构', en: 'Private training provider' },
  industry_association: { zh: '行业协会', en: 'Industry association' },
  hr_service: { zh: '人力资源服务机构', en: 'HR service agency' },
  community: { zh: '社区', en: 'Community' },
};
