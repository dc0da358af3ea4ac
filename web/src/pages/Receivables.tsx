import { Alert, Button, DatePicker, Grid, Input, InputNumber, Modal, Space, Table, Tag, message } from 'antd';
import { useState } from 'react';
import type { ApiGet, Item } from '../api/client.ts';
import type { Me } from '../api.ts';
import { chinaToday, date, yuan } from '../format.ts';
import { dayText, pickerDay } from '../china-time.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Receivable = Item<ApiGet<'/api/receivables'>>;
type Dialog = { kind: 'recover' | 'writeoff' | 'refer'; r: Receivable } | null;

/** Yuan typed by an official (两位小数) to whole fen, without float drift. */
const toFen = (yuanValue: number | null) => (yuanValue === null ? null : Math.round(yuanValue * 100));

/**
 * 追回应收: every receivable with payee, institution, due date and what is still owed; officials
 * record recoveries by bank receipt, ask for a write-off (a second province official approves) and
 * record a referral to a judicial organ.
 */
export function Receivables({ me }: { me: Me }) {
  const t = useT();
  const { label } = useLabels();
  const { data, loading, error, reload } = useData<ApiGet<'/api/receivables'>>('/api/receivables');
  const action = useAction(() => {
    setDialog(null);
    reload();
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [receiptRef, setReceiptRef] = useState('');
  const [amount, setAmount] = useState<number | null>(null);
  const [on, setOn] = useState(chinaToday());
  const [text, setText] = useState('');
  const [caseRef, setCaseRef] = useState('');
  const me_ = `${me.role}:${me.username}`;
  const today = chinaToday();
  // On a wide screen the actions stay in view while the columns scroll; on a phone the whole row scrolls.
  const wide = Grid.useBreakpoint().lg;

  const open = (kind: NonNullable<Dialog>['kind'], r: Receivable) => {
    action.clear();
    setReceiptRef('');
    setAmount(r.outstandingFen / 100);
    setOn(today);
    setText('');
    setCaseRef('');
    setDialog({ kind, r });
  };
  const submit = async () => {
    if (!dialog) return;
    const id = dialog.r.applicationId;
    if (dialog.kind === 'recover')
      await action.run(`/api/receivables/${id}/recoveries`, { receiptRef, amountFen: toFen(amount), receivedOn: on });
    else if (dialog.kind === 'writeoff') await action.run(`/api/receivables/${id}/write-off`, { reason: text });
    else
      await action.run('/api/referrals', {
        subjectKind: 'clawback',
        subjectId: id,
        referredOn: on,
        organ: text,
        caseRef: caseRef || null,
      });
  };
  const decide = async (r: Receivable, approve: boolean) => {
    const out = await action.run(`/api/write-offs/${r.pendingWriteOff!.id}/decision`, { approve });
    if (out) message.success(t(approve ? '已核销' : '已驳回核销申请'));
  };
  const owedTotal = (data ?? []).reduce((s, r) => s + r.outstandingFen, 0);

  return (
    <>
      {error && <Alert type="error" message={error} />}
      {action.error && !dialog && <Alert type="error" message={action.error} style={{ marginBottom: 8 }} />}
      <Space style={{ marginBottom: 8 }}>
        <span>
          {t('尚欠合计')}: <b>{yuan(owedTotal)}</b>
        </span>
      </Space>
      <Table
        size="small"
        rowKey="applicationId"
        data-testid="receivables-table"
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 'max-content' }}
        expandable={{
          rowExpandable: (r) => r.recoveries.length > 0,
          expandedRowRender: (r) => (
            <Table
              size="small"
              pagination={false}
              rowKey="receiptRef"
              dataSource={r.recoveries}
              columns={[
                { title: t('银行回单号'), dataIndex: 'receiptRef' },
                { title: t('金额'), dataIndex: 'amountFen', render: yuan, align: 'right' },
                { title: t('到账日期'), dataIndex: 'receivedOn', render: date },
                { title: t('登记人'), dataIndex: 'recordedBy' },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('申请编号'), dataIndex: 'applicationId' },
          ...(me.role === 'province_admin'
            ? [{ title: t('城市'), dataIndex: 'cityCode', render: (c: string | null) => label('city', c) }]
            : []),
          {
            title: t('被追回人'),
            render: (_: unknown, r: Receivable) => (
              <span>
                {r.personName ?? '—'} <small>{r.personIdMasked}</small>
              </span>
            ),
          },
          { title: t('培训机构'), dataIndex: 'institutionName', render: (n: string | null) => n ?? '—' },
          { title: t('原因'), dataIndex: 'reason' },
          { title: t('应追回'), dataIndex: 'amountFen', render: yuan, align: 'right' },
          { title: t('已追回'), dataIndex: 'recoveredFen', render: yuan, align: 'right' },
          { title: t('已核销'), dataIndex: 'writtenOffFen', render: yuan, align: 'right' },
          { title: t('尚欠'), dataIndex: 'outstandingFen', render: yuan, align: 'right' },
          {
            title: t('追回期限'),
            dataIndex: 'dueOn',
            render: (d: string | null, r: Receivable) =>
              d && r.status === 'open' && d < today ? <Tag color="red">{`${date(d)} ${t('已逾期')}`}</Tag> : date(d),
          },
          {
            title: t('状态'),
            dataIndex: 'status',
            render: (s: string, r: Receivable) => (
              <Space direction="vertical" size={0}>
                <Tag color={s === 'open' ? 'orange' : 'green'}>{label('clawbackStatus', s)}</Tag>
                {r.pendingWriteOff && <Tag color="blue">{t('核销待审批')}</Tag>}
              </Space>
            ),
          },
          {
            title: '',
            fixed: wide ? ('right' as const) : undefined,
            render: (_: unknown, r: Receivable) =>
              r.status === 'open' && (
                <Space direction="vertical" size={2}>
                  <Button size="small" type="primary" onClick={() => open('recover', r)}>
                    {t('登记追回')}
                  </Button>
                  {!r.pendingWriteOff && (
                    <Button size="small" onClick={() => open('writeoff', r)}>
                      {t('申请核销')}
                    </Button>
                  )}
                  {r.pendingWriteOff && me.role === 'province_admin' && r.pendingWriteOff.requestedBy !== me_ && (
                    <>
                      <Button size="small" type="primary" onClick={() => decide(r, true)}>
                        {t('批准核销')} {yuan(r.outstandingFen)}
                      </Button>
                      <Button size="small" danger onClick={() => decide(r, false)}>
                        {t('驳回')}
                      </Button>
                    </>
                  )}
                  <Button size="small" onClick={() => open('refer', r)}>
                    {t('移送司法机关')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={!!dialog}
        title={
          dialog &&
          `${t({ recover: '登记追回', writeoff: '申请核销', refer: '移送司法机关' }[dialog.kind])} · ${dialog.r.applicationId}`
        }
        okText={t('确定')}
        onOk={submit}
        confirmLoading={action.busy}
        onCancel={() => setDialog(null)}
      >
        {dialog && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <div>
              {t('尚欠')}: <b>{yuan(dialog.r.outstandingFen)}</b>
            </div>
            {dialog.kind === 'recover' && (
              <>
                <Input
                  placeholder={t('银行回单号')}
                  value={receiptRef}
                  onChange={(e) => setReceiptRef(e.target.value)}
                />
                <InputNumber
                  style={{ width: '100%' }}
                  prefix="¥"
                  min={0.01}
                  max={dialog.r.outstandingFen / 100}
                  precision={2}
                  value={amount}
                  onChange={(v) => setAmount(v)}
                  placeholder={t('追回金额（元）')}
                />
              </>
            )}
            {dialog.kind === 'writeoff' && (
              <>
                <Alert type="info" message={t('核销须由申请人以外的另一名省级工作人员审批')} />
                <Input.TextArea
                  rows={3}
                  placeholder={t('核销理由（必填）')}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
              </>
            )}
            {dialog.kind === 'refer' && (
              <>
                <Input
                  placeholder={t('接收机关（如：南京市公安局）')}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
                <Input
                  placeholder={t('案件编号（可选）')}
                  value={caseRef}
                  onChange={(e) => setCaseRef(e.target.value)}
                />
              </>
            )}
            {dialog.kind !== 'writeoff' && (
              <DatePicker
                style={{ width: '100%' }}
                value={pickerDay(on)}
                allowClear={false}
                disabledDate={(d) => dayText(d) > today}
                onChange={(d) => d && setOn(dayText(d))}
              />
            )}
            {action.error && <Alert type="error" message={action.error} />}
          </Space>
        )}
      </Modal>
    </>
  );
}
