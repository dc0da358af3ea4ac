import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Image,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type { Me } from '../api.ts';
import type { ApiGet, ApiPostBody, Item } from '../api/client.ts';
import { date, dateTime } from '../format.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useListFilter, withQuery } from './ListFilter.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Appeal = Item<ApiGet<'/api/appeals'>>;
type Decision = ApiPostBody<'/api/appeals/{id}/decide'>;
const STATUS_COLOR: Record<string, string> = { open: 'processing', upheld: 'success', dismissed: 'default' };
const PAGE = 20;

/** 申诉处理: the city's appeals (the province: all), filtered; the detail with attachments and the decision form. */
export function AppealsPage({ me }: { me?: Me | null }) {
  const t = useT();
  const { label, options } = useLabels();
  const filter = useListFilter(['status', 'kind', 'overdue']);
  const [offset, setOffset] = useState(0);
  const [params, setParams] = useSearchParams();
  /** Changes the filters in the address (a to-do's link opens the list filtered the same way). */
  const set = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) v ? next.set(k, v) : next.delete(k);
    setParams(next);
    setOffset(0);
  };
  const query = new URLSearchParams({
    ...(Object.fromEntries(Object.entries(filter.values).filter(([, v]) => v)) as Record<string, string>),
    offset: String(offset),
    limit: String(PAGE),
  }).toString();
  const list = useData<ApiGet<'/api/appeals'>>(withQuery('/api/appeals', query));
  const [open, setOpen] = useState<Appeal | null>(null);
  const decide = useAction(() => {
    setOpen(null);
    list.reload();
  });
  const [form] = Form.useForm<Decision>();
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('状态')}
          style={{ width: 140 }}
          value={filter.values.status}
          options={options('appealStatus')}
          onChange={(v) => set({ status: v })}
          data-testid="appeal-status-filter"
        />
        <Select
          allowClear
          placeholder={t('申诉对象')}
          style={{ width: 200 }}
          value={filter.values.kind}
          options={options('appealKind')}
          onChange={(v) => set({ kind: v })}
        />
        <Checkbox
          checked={filter.values.overdue === '1'}
          onChange={(e) => set({ overdue: e.target.checked ? '1' : undefined })}
        >
          {t('仅看逾期未答复')}
        </Checkbox>
      </Space>
      {list.error && <Alert type="error" message={list.error} />}
      <Table
        size="small"
        rowKey="id"
        scroll={{ x: 'max-content' }}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        data-testid="appeals-table"
        pagination={{
          current: offset / PAGE + 1,
          pageSize: PAGE,
          total: list.data?.total ?? 0,
          onChange: (p) => setOffset((p - 1) * PAGE),
          showSizeChanger: false,
        }}
        columns={[
          { title: t('申诉人'), dataIndex: 'personName' },
          { title: t('申诉对象'), dataIndex: 'subjectKind', render: (k: string) => label('appealKind', k) },
          { title: t('记录'), dataIndex: 'subjectTitle' },
          { title: t('城市'), dataIndex: 'cityCode', render: (c: string) => label('city', c) },
          { title: t('提交时间'), dataIndex: 'filedAt', render: (d: string) => dateTime(d) },
          {
            title: t('答复期限'),
            dataIndex: 'dueOn',
            render: (d: string, a: Appeal) => (
              <>
                {date(d)} {a.overdue && <Tag color="red">{t('已逾期')}</Tag>}
              </>
            ),
          },
          {
            title: t('状态'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={STATUS_COLOR[s]}>{label('appealStatus', s)}</Tag>,
          },
          {
            title: '',
            render: (_: unknown, a: Appeal) => (
              <Button size="small" onClick={() => setOpen(a)} data-testid="appeal-detail">
                {a.status === 'open' ? t('处理') : t('查看')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        width={Math.min(560, window.innerWidth)}
        title={t('申诉详情')}
        destroyOnHidden
      >
        {open && (
          <>
            <Descriptions
              size="small"
              column={1}
              bordered={window.innerWidth >= 576}
              layout={window.innerWidth >= 576 ? 'horizontal' : 'vertical'}
            >
              <Descriptions.Item label={t('申诉人')}>{open.personName}</Descriptions.Item>
              <Descriptions.Item label={t('申诉对象')}>{label('appealKind', open.subjectKind)}</Descriptions.Item>
              <Descriptions.Item label={t('记录')}>{open.subjectTitle}</Descriptions.Item>
              <Descriptions.Item label={t('申诉理由')}>{open.reason}</Descriptions.Item>
              <Descriptions.Item label={t('答复期限')}>{date(open.dueOn)}</Descriptions.Item>
              <Descriptions.Item label={t('状态')}>{label('appealStatus', open.status)}</Descriptions.Item>
              {open.answer && <Descriptions.Item label={t('处理意见')}>{open.answer}</Descriptions.Item>}
            </Descriptions>
            <div style={{ margin: '12px 0' }} data-testid="appeal-attachments">
              {open.attachments.length === 0 && t('无附件')}
              <Space wrap>
                {open.attachments.map((f) => {
                  const src = `/api/appeals/${open.id}/attachments/${f.n}`;
                  return f.mediaType.startsWith('image/') ? (
                    <Image key={f.n} src={src} width={120} alt={f.fileName} />
                  ) : (
                    <a key={f.n} href={src} target="_blank" rel="noreferrer">
                      {f.fileName}（PDF）
                    </a>
                  );
                })}
              </Space>
            </div>
            {open.status === 'open' && me?.role === 'institution_staff' && (
              <Alert
                type="info"
                showIcon
                data-testid="appeal-decided-by-city"
                message={t('本申诉由{city}人社部门（或省厅）处理，培训机构可查看但不能处理').replace(
                  '{city}',
                  label('city', open.cityCode),
                )}
                description={t(
                  '学时申诉针对身份核验结果，而机构的补贴随学时增减，故由人社部门处理。您可查看申诉理由和证明材料；处理结果将告知申诉人，并在此显示。',
                )}
              />
            )}
            {open.status === 'open' && me?.role !== 'institution_staff' && (
              <Form
                form={form}
                layout="vertical"
                initialValues={{ outcome: 'upheld' }}
                onFinish={(v) => decide.run(`/api/appeals/${open.id}/decide`, v)}
                data-testid="appeal-decide"
              >
                <Form.Item name="outcome" label={t('处理结果')}>
                  <Radio.Group>
                    <Radio value="upheld">{label('appealStatus', 'upheld')}</Radio>
                    <Radio value="dismissed">{label('appealStatus', 'dismissed')}</Radio>
                  </Radio.Group>
                </Form.Item>
                <Form.Item name="answer" label={t('处理意见（将告知申诉人）')} rules={[{ required: true }]}>
                  <Input.TextArea rows={3} maxLength={1000} data-testid="appeal-answer-input" />
                </Form.Item>
                {decide.error && <Alert type="error" message={decide.error} style={{ marginBottom: 12 }} />}
                <Button type="primary" htmlType="submit" loading={decide.busy} data-testid="appeal-decide-submit">
                  {t('提交处理意见')}
                </Button>
              </Form>
            )}
          </>
        )}
      </Drawer>
    </>
  );
}
