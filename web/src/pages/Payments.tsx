import { Alert, Button, DatePicker, Space, Statistic, Table, Tabs, Upload, message } from 'antd';
import { WhyButton } from './WhyButton.tsx';
import { useState } from 'react';
import { api, ApiError, yuan, type Me } from '../api.ts';
import type { ApiGet, ApiPost, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { FilterNote, useListFilter, withQuery } from './ListFilter.tsx';
import { useLabels } from '../labels.ts';
import { Receivables } from './Receivables.tsx';

type Batch = Item<ApiGet<'/api/payments/batches'>>;

function Batches({ me }: { me: Me }) {
  const t = useT();
  const { label } = useLabels();
  const filter = useListFilter(['status']);
  const { data, loading, error, reload } = useData<ApiGet<'/api/payments/batches'>>(
    withQuery('/api/payments/batches', filter.query),
  );
  const [asOf, setAsOf] = useState<string | null>(null);
  const create = async () => {
    try {
      const r = await api<ApiPost<'/api/payments/batches'>>('/api/payments/batches', {
        method: 'POST',
        body: JSON.stringify({ asOf }),
      });
      message.success(`${r.length} ${t('个批次')}`);
      reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.zh : String(e));
    }
  };
  return (
    <>
      {me.role === 'province_admin' && (
        <Space style={{ marginBottom: 16 }}>
          <DatePicker onChange={(d) => setAsOf(d ? d.format('YYYY-MM-DD') : null)} />
          <WhyButton type="primary" why={!asOf && t('请先选择截止日期')} onClick={create}>
            {t('生成支付批次')}
          </WhyButton>
          <Upload
            name="file"
            action="/api/payments/returns"
            accept=".csv,.xlsx"
            showUploadList={false}
            onChange={(i) => {
              if (i.file.status === 'done') {
                message.success(JSON.stringify(i.file.response));
                reload();
              }
            }}
          >
            <Button>{t('上传回盘文件')}</Button>
          </Upload>
        </Space>
      )}
      {error && <Alert type="error" message={error} />}
      <FilterNote
        text={filter.values.status ? label('batchStatus', filter.values.status) : null}
        onClear={filter.clear}
      />
      <Table
        size="small"
        rowKey="id"
        dataSource={data ?? []}
        loading={loading}
        data-testid="batches-table"
        columns={[
          { title: t('城市'), dataIndex: 'city_code', render: (c: string) => label('city', c) },
          { title: t('资金'), dataIndex: 'fund', render: (f: string) => label('fund', f) },
          { title: t('状态'), dataIndex: 'status', render: (s: string) => label('batchStatus', s) },
          { title: t('笔数'), dataIndex: 'line_count' },
          { title: t('金额'), dataIndex: 'total_fen', render: yuan, align: 'right' },
          { title: t('成功'), dataIndex: 'paid' },
          { title: t('失败'), dataIndex: 'failed' },
          {
            title: '',
            render: (_: unknown, b: Batch) =>
              me.role === 'province_admin' && <a href={`/api/payments/batches/${b.id}/bank-file`}>{t('银行文件')}</a>,
          },
        ]}
      />
    </>
  );
}

function Ledger() {
  const t = useT();
  const { label } = useLabels();
  const { data, loading, error } = useData<ApiGet<'/api/ledger'>>('/api/ledger');
  return (
    <>
      {error && <Alert type="error" message={error} />}
      {data && (
        <Alert
          type={data.balance.ok ? 'success' : 'error'}
          message={data.balance.ok ? t('台账平衡') : t('台账不平衡')}
          style={{ marginBottom: 12 }}
        />
      )}
      <Space size="large" style={{ marginBottom: 12 }}>
        {(['budgetFen', 'committedFen', 'paidFen', 'receivableFen', 'availableFen'] as const).map((k) => (
          <Statistic
            key={k}
            title={t(
              {
                budgetFen: '预算',
                committedFen: '已承诺',
                paidFen: '已支付',
                receivableFen: '应收追回',
                availableFen: '可用',
              }[k],
            )}
            value={yuan((data?.lines ?? []).reduce((s, l) => s + l[k], 0))}
          />
        ))}
      </Space>
      <Table
        size="small"
        rowKey={(l) => `${l.cityCode}${l.fund}${l.year}`}
        dataSource={data?.lines ?? []}
        loading={loading}
        columns={[
          { title: t('城市'), dataIndex: 'cityCode', render: (c: string) => label('city', c) },
          { title: t('资金'), dataIndex: 'fund', render: (f: string) => label('fund', f) },
          { title: t('年度'), dataIndex: 'year' },
          ...(['budgetFen', 'committedFen', 'paidFen', 'receivableFen', 'availableFen'] as const).map((k) => ({
            title: t(
              {
                budgetFen: '预算',
                committedFen: '已承诺',
                paidFen: '已支付',
                receivableFen: '应收追回',
                availableFen: '可用',
              }[k],
            ),
            dataIndex: k,
            render: yuan,
            align: 'right' as const,
          })),
        ]}
      />
    </>
  );
}

export function PaymentsPage({ me }: { me: Me }) {
  const t = useT();
  return (
    <Tabs
      items={[
        { key: 'b', label: t('支付批次'), children: <Batches me={me} /> },
        { key: 'l', label: t('资金台账'), children: <Ledger /> },
        { key: 'r', label: t('追回应收'), children: <Receivables me={me} /> },
      ]}
    />
  );
}
