import { Card, Descriptions, Typography } from 'antd';
import { useContext } from 'react';
import type { Me } from '../api.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';

export function HomePage({ me }: { me: Me }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const scope =
    me.role === 'city_officer'
      ? `${t('城市')}：${me.cityName}`
      : me.role === 'institution_staff'
        ? `${t('机构')}：${me.institutionName}`
        : me.role === 'enterprise_staff'
          ? `${t('企业')}：${me.enterpriseName}`
          : me.role === 'department_officer'
            ? `${t('领域')}：${me.sectors.map((s) => label('sector', s)).join('、')}；${t('重点任务')}：${me.keyTasks.map((k) => label('keyTask', k)).join('、')}`
            : me.role === 'worker'
              ? t('本人记录')
              : t('全省');
  return (
    <Card>
      <Typography.Title level={3}>
        {t('欢迎')}，{me.displayName}
      </Typography.Title>
      <Descriptions column={1} bordered>
        <Descriptions.Item label={t('当前角色')}>{lang === 'en' ? me.roleName.en : me.roleName.zh}</Descriptions.Item>
        <Descriptions.Item label={t('权限范围')}>
          <span data-testid="scope">{scope}</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
