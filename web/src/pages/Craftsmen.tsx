import { Alert, Button, Form, Input, InputNumber, Space, Table, Tag, message } from 'antd';
import { useState } from 'react';
import type { Me } from '../api.ts';
import { ApiError, client, type ApiGet, type ApiPostBody, type Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';

type Nomination = Item<ApiGet<'/api/craftsmen/nominations'>>;
type Review = ApiPostBody<'/api/craftsmen/nominations/{id}/review'>;

/** 江苏工匠: the public yearly list; officials nominate, the province selects. */
export function CraftsmenPage({ me }: { me: Me | null }) {
  const t = useT();
  const { label } = useLabels();
  const [year, setYear] = useState(new Date().getFullYear());
  const list = useData<ApiGet<'/api/craftsmen/{year}'>>(`/api/craftsmen/${year}`);
  const official = me && ['province_admin', 'city_officer', 'department_officer'].includes(me.role);
  const noms = useData<ApiGet<'/api/craftsmen/nominations'>>(
    official ? `/api/craftsmen/nominations?year=${year}` : null,
  );
  const review = (id: string, body: Review) =>
    act(() => client.POST('/api/craftsmen/nominations/{id}/review', { params: { path: { id } }, body }));
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      noms.reload();
      list.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.zh : String(e));
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {t('年度')} <InputNumber value={year} onChange={(v) => setYear(v ?? year)} />
      </Space>
      <h3>{t('江苏工匠名单')}</h3>
      <Table
        size="small"
        rowKey={(r) => r.name + r.unit}
        pagination={false}
        dataSource={list.data ?? []}
        loading={list.loading}
        columns={[
          { title: t('姓名'), dataIndex: 'name' },
          { title: t('城市'), dataIndex: 'city_name' },
          { title: '单位', dataIndex: 'unit' },
          { title: t('职业'), dataIndex: 'occupations' },
        ]}
      />
      {official && (
        <>
          <h3 style={{ marginTop: 24 }}>{t('推荐与评审')}</h3>
          {noms.error && <Alert type="error" message={noms.error} />}
          {me!.role !== 'province_admin' && (
            <Form
              layout="inline"
              style={{ marginBottom: 12 }}
              onFinish={(v: Omit<ApiPostBody<'/api/craftsmen/nominations'>, 'year'>) =>
                act(() => client.POST('/api/craftsmen/nominations', { body: { ...v, year } }))
              }
            >
              <Form.Item name="idNumber" label={t('身份证号')} rules={[{ required: true }]}>
                <Input style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="unit" label="单位" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="citation" label="事迹" rules={[{ required: true, min: 10 }]}>
                <Input style={{ width: 300 }} />
              </Form.Item>
              <Button htmlType="submit" type="primary">
                {t('推荐')}
              </Button>
            </Form>
          )}
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={noms.data ?? []}
            loading={noms.loading}
            columns={[
              { title: t('姓名'), dataIndex: 'name' },
              { title: t('身份证号'), dataIndex: 'id_masked' },
              { title: t('城市'), dataIndex: 'city_name' },
              { title: '单位', dataIndex: 'unit' },
              {
                title: '证书履历',
                dataIndex: 'certificates',
                render: (cs: Nomination['certificates']) =>
                  (cs ?? []).map((c) => (
                    <div key={c.certificate_no}>
                      {c.issued_on} {c.occupation} {label('level', c.level)}
                    </div>
                  )),
              },
              {
                title: t('状态'),
                dataIndex: 'status',
                render: (s: string) => <Tag>{label('nominationStatus', s)}</Tag>,
              },
              {
                title: '',
                render: (_: unknown, n: Nomination) =>
                  me!.role === 'province_admin' &&
                  n.status === 'nominated' && (
                    <Space>
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => review(n.id, { decision: 'selected', note: '评审通过' })}
                      >
                        {t('入选')}
                      </Button>
                      <Button size="small" onClick={() => review(n.id, { decision: 'rejected', note: '未入选' })}>
                        {t('不入选')}
                      </Button>
                    </Space>
                  ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
