import { Alert, Card, Descriptions, Tag } from 'antd';
import { yuan } from '../api.ts';
import type { ApiGet, Item } from '../api/client.ts';
import { useContext } from 'react';
import { LangContext, useT } from '../i18n.ts';
import { CardTable } from './CardTable.tsx';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';

type Profile = ApiGet<'/api/me/profile'>;
type Application = Item<ApiGet<'/api/me/applications'>>;

/** 我的档案: a worker's trainings, certificates (with the title/education mapping) in one place. */
export function ProfilePage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const { data, error } = useData<Profile>('/api/me/profile');
  const apps = useData<ApiGet<'/api/me/applications'>>('/api/me/applications');
  if (error) return <Alert type="error" message={error} />;
  if (!data) return null;
  return (
    <>
      <Card size="small" title={t('我的档案')}>
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label={t('姓名')}>{data.person.name}</Descriptions.Item>
          <Descriptions.Item label={t('身份证号')}>{data.person.id_number}</Descriptions.Item>
          <Descriptions.Item label={t('所在城市')}>{data.person.city_name}</Descriptions.Item>
          <Descriptions.Item label={t('群体')}>
            {data.person.groups.map((g) => label('group', g)).join('、')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <h3 style={{ marginTop: 16 }}>{t('培训经历')}</h3>
      <CardTable
        size="small"
        rowKey="project_code"
        pagination={false}
        dataSource={data.trainings}
        columns={[
          { title: t('项目名称'), dataIndex: 'title' },
          { title: t('承训机构'), dataIndex: 'institution_name' },
          { title: t('开始'), dataIndex: 'start_date' },
          { title: t('结束'), dataIndex: 'end_date' },
          {
            title: t('出勤'),
            render: (_: unknown, r: Profile['trainings'][0]) => `${r.sessions_with_records} / ${r.sessions}`,
          },
        ]}
      />
      <h3 style={{ marginTop: 16 }}>{t('我的证书')}</h3>
      <CardTable
        size="small"
        rowKey="certificate_no"
        pagination={false}
        dataSource={data.certificates}
        data-testid="profile-certificates"
        columns={[
          { title: '证书编号', dataIndex: 'certificate_no' },
          { title: t('职业'), dataIndex: 'occupation_name' },
          { title: '等级', dataIndex: 'level_name' },
          { title: '发证日期', dataIndex: 'issued_on' },
          {
            title: t('贯通对照'),
            render: (_: unknown, c: Profile['certificates'][0]) =>
              c.title_level ? (
                <span>
                  <Tag color="blue">{c.title_level}</Tag>
                  {c.education}
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: '',
            render: (_: unknown, c: Profile['certificates'][0]) =>
              c.revoked_on ? (
                <Tag color="red">已撤销</Tag>
              ) : (
                <a href={`/api/certificates/${c.certificate_no}/pdf`} target="_blank" rel="noreferrer">
                  PDF
                </a>
              ),
          },
        ]}
      />
      <h3 style={{ marginTop: 16 }}>{t('我的补贴')}</h3>
      <CardTable
        size="small"
        rowKey="application_id"
        pagination={false}
        dataSource={apps.data ?? []}
        columns={[
          { title: t('申请编号'), dataIndex: 'application_id' },
          { title: t('类型'), dataIndex: 'type', render: (x: string) => label('applicationType', x) },
          { title: t('申请日期'), dataIndex: 'applied_on' },
          { title: t('状态'), dataIndex: 'status', render: (s: string) => label('applicationStatus', s) },
          { title: t('金额'), dataIndex: 'amount_fen', render: (f: number | null) => (f ? yuan(f) : '') },
          {
            title: t('原因'),
            dataIndex: 'reasons',
            render: (rs: Application['reasons'], a: Application) => (
              <>
                {rs.map((r) => (
                  <div key={r.code}>{r.zh}</div>
                ))}
                {/* Blended projects: how classroom and online hours counted (docs/online-learning.md). */}
                {a.attendance_note && (
                  <div style={{ color: '#666', fontSize: 12 }}>
                    {lang === 'en' ? a.attendance_note.en : a.attendance_note.zh}
                  </div>
                )}
              </>
            ),
          },
          { title: '支付', dataIndex: 'payment_status', render: (s: string | null) => label('paymentStatus', s) },
        ]}
      />
    </>
  );
}
