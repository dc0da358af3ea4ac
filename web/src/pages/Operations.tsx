import { useState } from 'react';
import { Alert, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { useAction } from './useAction.ts';
import { dateTime, num, yuan } from '../format.ts';
import type { ApiGet } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';

type Status = ApiGet<'/api/operations/status'>;
type Job = Status['jobs'][number];

const time = (iso: string | null) => dateTime(iso, true);

/** 运行状态 (province administrators): did the nightly jobs run, did payments fail, does the ledger balance. */
export function OperationsPage() {
  const t = useT();
  const { data, loading, error, reload } = useData<Status>('/api/operations/status');
  const { label } = useLabels();
  const jobName = (j: string) => label('job', j);
  const settle = useAction(reload);
  const [started, setStarted] = useState<string | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {error && <Alert type="error" message={error} />}
      <Space wrap>
        <Popconfirm
          title={t('立即结算')}
          description={t('按政策决定截至今天提交的全部申请（与每日结算相同的规则），后台运行。')}
          okText={t('开始结算')}
          cancelText={t('取消')}
          onConfirm={async () => {
            const r = await settle.run<{ asOf: string }>('/api/operations/settle', {});
            if (r) setStarted(r.asOf);
          }}
        >
          <Button loading={settle.busy} data-testid="settle-now">
            {t('立即结算')}
          </Button>
        </Popconfirm>
        <Button onClick={reload}>{t('刷新')}</Button>
      </Space>
      {started && (
        <Alert type="info" showIcon message={`${t('结算已开始，截至')} ${started}${t('；完成后见下方“最近运行”。')}`} />
      )}
      {settle.error && <Alert type="error" message={settle.error} />}
      {data &&
        (data.ledger.balanced ? (
          <Alert type="success" showIcon message={t('台账平衡')} data-testid="ledger-status" />
        ) : (
          <Alert
            type="error"
            showIcon
            message={`${t('台账不平衡')}：${yuan(data.ledger.imbalanceFen)}`}
            data-testid="ledger-status"
          />
        ))}
      <Card title={t('定时任务')} size="small">
        <Table
          size="small"
          rowKey="job"
          pagination={false}
          dataSource={data?.jobs ?? []}
          loading={loading}
          locale={{ emptyText: t('暂无运行记录') }}
          columns={[
            { title: t('任务名称'), dataIndex: 'job', render: jobName },
            { title: t('最近成功'), dataIndex: 'lastSuccess', render: time },
            { title: t('最近失败'), dataIndex: 'lastFailure', render: time },
            {
              title: t('状态'),
              render: (_: unknown, j: Job) =>
                j.stuck > 0 ? (
                  <Tag color="orange">{t('运行超时')}</Tag>
                ) : j.lastFailed ? (
                  <Tag color="red">{t('最近一次失败')}</Tag>
                ) : (
                  <Tag color="green">{t('正常')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('最近运行')} size="small">
        <Table
          size="small"
          rowKey="id"
          dataSource={data?.recent ?? []}
          loading={loading}
          locale={{ emptyText: t('暂无运行记录') }}
          columns={[
            { title: t('任务名称'), dataIndex: 'job', render: jobName },
            { title: t('开始'), dataIndex: 'started_at', render: time },
            { title: t('结束'), dataIndex: 'finished_at', render: time },
            {
              title: t('结果'),
              dataIndex: 'ok',
              render: (ok: boolean | null) =>
                ok === null ? (
                  <Tag>{t('运行中')}</Tag>
                ) : ok ? (
                  <Tag color="green">{t('完成')}</Tag>
                ) : (
                  <Tag color="red">{t('失败')}</Tag>
                ),
            },
            { title: t('信息'), dataIndex: 'message' },
          ]}
        />
      </Card>
      <Card title={t('支付明细')} size="small">
        <Table
          size="small"
          rowKey="status"
          pagination={false}
          dataSource={data?.payments ?? []}
          loading={loading}
          columns={[
            {
              title: t('状态'),
              dataIndex: 'status',
              render: (s: string) => label('paymentStatus', s),
            },
            { title: t('笔数'), dataIndex: 'lines', align: 'right', render: (n: number) => num(n) },
            { title: t('金额'), dataIndex: 'amountFen', render: yuan, align: 'right' },
          ]}
        />
      </Card>
    </Space>
  );
}
