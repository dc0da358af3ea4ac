import { Alert, Button, Select, Space, Table, Tag, message } from 'antd';
import { useContext, useState } from 'react';
import { api, ApiError, yuan } from '../api.ts';
import type { ApiGet, ApiPostBody, Item } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useData } from './useData.ts';

type Cert = Item<ApiGet<'/api/me/certificates'>>;
type App = Item<ApiGet<'/api/me/applications'>>;
const COLORS: Record<string, string> = { submitted: 'blue', approved: 'green', rejected: 'red', review: 'orange' };

/** 我的补贴: a worker's certificates, applications with their status and reasons, and payments. */
export function MySubsidiesPage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label, options } = useLabels();
  const certs = useData<ApiGet<'/api/me/certificates'>>('/api/me/certificates');
  const apps = useData<ApiGet<'/api/me/applications'>>('/api/me/applications');
  const [type, setType] = useState<ApiPostBody<'/api/applications'>['type']>('training');
  const apply = async (c: Cert) => {
    try {
      await api('/api/applications', {
        method: 'POST',
        body: JSON.stringify({
          type,
          certificateNo: c.certificate_no,
          projectCode: type === 'training' ? c.project_code : null,
        } satisfies ApiPostBody<'/api/applications'>),
      });
      message.success(t('已提交'));
      apps.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? (lang === 'en' ? e.en : e.zh) : String(e));
    }
  };
  return (
    <>
      <h3>{t('我的证书')}</h3>
      {certs.error && <Alert type="error" message={certs.error} />}
      <Space style={{ marginBottom: 8 }}>
        {t('补贴类型')}
        <Select
          value={type}
          onChange={setType}
          style={{ width: 200 }}
          options={options('applicationType', ['training', 'skill_upgrade'])}
        />
      </Space>
      <Table
        size="small"
        rowKey="certificate_no"
        pagination={false}
        dataSource={certs.data ?? []}
        columns={[
          { title: '证书编号', dataIndex: 'certificate_no' },
          { title: t('职业'), dataIndex: 'occupation_name' },
          { title: '等级', dataIndex: 'level_name' },
          { title: '发证日期', dataIndex: 'issued_on' },
          {
            title: 'PDF',
            render: (_: unknown, c: Cert) => (
              <a href={`/api/certificates/${c.certificate_no}/pdf`} target="_blank" rel="noreferrer">
                PDF
              </a>
            ),
          },
          {
            title: '',
            render: (_: unknown, c: Cert) =>
              c.revoked_on ? (
                <Tag color="red">已撤销</Tag>
              ) : (
                <Button size="small" onClick={() => apply(c)}>
                  {t('申领补贴')}
                </Button>
              ),
          },
        ]}
      />
      <h3 style={{ marginTop: 24 }}>{t('我的申请')}</h3>
      {apps.error && <Alert type="error" message={apps.error} />}
      <Table
        size="small"
        rowKey="application_id"
        pagination={false}
        dataSource={apps.data ?? []}
        data-testid="my-applications"
        columns={[
          { title: t('申请编号'), dataIndex: 'application_id' },
          { title: t('申请日期'), dataIndex: 'applied_on' },
          {
            title: t('状态'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={COLORS[s]}>{label('applicationStatus', s)}</Tag>,
          },
          { title: t('金额'), dataIndex: 'amount_fen', render: (f: number | null) => (f ? yuan(f) : '') },
          {
            title: t('原因'),
            dataIndex: 'reasons',
            render: (rs: App['reasons']) => rs.map((r) => <div key={r.code}>{lang === 'en' ? r.en : r.zh}</div>),
          },
          { title: '公示至', dataIndex: 'notice_until' },
          { title: '支付', dataIndex: 'payment_status', render: (s: string | null) => label('paymentStatus', s) },
        ]}
      />
    </>
  );
}
