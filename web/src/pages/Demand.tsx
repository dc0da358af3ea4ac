import { Alert, Button, Card, Drawer, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { yuan, type Me } from '../api.ts';
import type { ApiGet, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';
import { DispatchForm, type DispatchStart } from './Projects.tsx';
import { useServerTable } from './useServerTable.ts';
import { FilterSelect, TableSearch } from './FilterSelect.tsx';

type Order = Item<ApiGet<'/api/job-orders'>['items']>;
type Request = Item<ApiGet<'/api/training-requests'>['items']>;

/** 需求: open demand (job orders + training requests) by occupation and city, what projects are dispatched from. */
export function DemandPage() {
  const t = useT();
  const { label, options } = useLabels();
  const summary = useData<ApiGet<'/api/demand'>>('/api/demand');
  const orders = useServerTable<Order>('/api/job-orders', ['status', 'q'], 10, { prefix: 'orders_' });
  // 待派单 on the home page opens this page with ?requests=open: the requests list, filtered to open ones.
  const requests = useServerTable<Request>('/api/training-requests', ['requests', 'q'], 20, {
    rename: { requests: 'status' },
  });
  const me = useData<Me>('/api/me').data;
  const navigate = useNavigate();
  const [dispatching, setDispatching] = useState<DispatchStart | null>(null);
  const dispatcher = me?.role === 'city_officer' || me?.role === 'province_admin';
  return (
    <>
      {summary.error && <Alert type="error" message={summary.error} />}
      <Card size="small" title={t('开放需求（按职业和城市）')} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey={(r) => `${r.occupation_code}-${r.city_name}`}
          dataSource={summary.data ?? []}
          loading={summary.loading}
          data-testid="demand-table"
          columns={[
            { title: t('职业'), dataIndex: 'occupation_name' },
            { title: t('城市'), dataIndex: 'city_name' },
            { title: t('订单岗位'), dataIndex: 'positions' },
            { title: t('点单人数'), dataIndex: 'requests' },
          ]}
        />
      </Card>
      <Card size="small" title={t('用工订单')} style={{ marginBottom: 16 }}>
        {orders.error && <Alert type="error" message={orders.error} />}
        <Space wrap style={{ marginBottom: 12 }}>
          <FilterSelect table={orders} name="status" label={t('状态')} options={options('jobOrderStatus')} />
          <TableSearch table={orders} placeholder={`${t('订单号')} / ${t('企业')} / ${t('职业')}`} />
          <Button href={orders.exportHref} data-testid="orders-export">
            {t('导出 XLSX')}
          </Button>
        </Space>
        <Table
          size="small"
          rowKey="order_id"
          scroll={{ x: 'max-content' }}
          {...orders.tableProps}
          data-testid="orders-table"
          columns={[
            { title: t('订单号'), dataIndex: 'order_id', ...orders.sortable('order_id') },
            { title: t('企业'), dataIndex: 'enterprise_name', ...orders.sortable('enterprise_name') },
            { title: t('职业'), dataIndex: 'occupation_name', ...orders.sortable('occupation_name') },
            { title: t('等级'), dataIndex: 'level', render: (l: string | null) => label('level', l) },
            { title: t('招聘/已录用'), render: (_: unknown, o: Order) => `${o.headcount} / ${o.filled}` },
            { title: t('月薪'), render: (_: unknown, o: Order) => `${yuan(o.pay_min_fen)} – ${yuan(o.pay_max_fen)}` },
            { title: t('截止'), dataIndex: 'deadline', ...orders.sortable('deadline') },
            { title: t('城市'), dataIndex: 'city_name', ...orders.sortable('city_name') },
            {
              title: t('状态'),
              dataIndex: 'status',
              ...orders.sortable('status'),
              render: (s: string) => <Tag>{label('jobOrderStatus', s)}</Tag>,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('点单')} id="requests">
        {requests.error && <Alert type="error" message={requests.error} />}
        <Space wrap style={{ marginBottom: 12 }}>
          <FilterSelect table={requests} name="requests" label={t('状态')} options={options('requestStatus')} />
          <TableSearch table={requests} placeholder={`${t('姓名')} / ${t('身份证号')} / ${t('职业')}`} />
          <Button href={requests.exportHref} data-testid="requests-export">
            {t('导出 XLSX')}
          </Button>
        </Space>
        <Table
          size="small"
          rowKey="request_id"
          scroll={{ x: 'max-content' }}
          {...requests.tableProps}
          data-testid="requests-table"
          columns={[
            { title: t('点单号'), dataIndex: 'request_id', ...requests.sortable('request_id') },
            { title: t('姓名'), dataIndex: 'person_name', ...requests.sortable('person_name') },
            { title: t('身份证号'), dataIndex: 'id_masked' },
            { title: t('职业'), dataIndex: 'occupation_name', ...requests.sortable('occupation_name') },
            { title: t('等级'), dataIndex: 'level', render: (l: string | null) => label('level', l) },
            { title: t('城市'), dataIndex: 'city_name', ...requests.sortable('city_name') },
            { title: t('备注'), dataIndex: 'note' },
            {
              title: t('状态'),
              dataIndex: 'status',
              ...requests.sortable('status'),
              render: (s: string, r: Request) => (
                <Tag>
                  {label('requestStatus', s)}
                  {r.project_code ? ` ${r.project_code}` : ''}
                </Tag>
              ),
            },
            ...(dispatcher
              ? [
                  {
                    title: '',
                    render: (_: unknown, r: Request) =>
                      r.status === 'open' && (
                        <Button
                          size="small"
                          type="primary"
                          onClick={() =>
                            setDispatching({
                              occupationCode: r.occupation_code,
                              level: r.level,
                              title: `${r.occupation_name ?? ''}${t('培训班')}（${r.city_name ?? ''}）`,
                              requests: [r.request_id],
                            })
                          }
                        >
                          {t('派单')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Drawer
        open={!!dispatching}
        onClose={() => setDispatching(null)}
        width={620}
        title={t('新建项目（派单）')}
        destroyOnHidden
      >
        {me && dispatching && (
          <DispatchForm me={me} start={dispatching} onDone={(code) => navigate(`/projects/${code}`)} />
        )}
      </Drawer>
    </>
  );
}
