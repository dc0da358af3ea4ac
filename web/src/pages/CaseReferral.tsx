import { Alert, Button, DatePicker, Input, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import type { ApiGet, Item } from '../api/client.ts';
import { dayText, pickerDay } from '../china-time.ts';
import { chinaToday, date } from '../format.ts';
import { useT } from '../i18n.ts';
import { useAction } from './useAction.ts';

type Referral = Item<ApiGet<'/api/referrals'>>;

/**
 * 移送司法机关 on an integrity case: the referrals recorded for it (date, organ, the organ's case
 * number, outcome), a button to record one on a confirmed case, and one to record an outcome later.
 * The records and their policy live in the subsidy module (`/api/referrals`, docs/payments.md).
 */
export function CaseReferrals({
  caseId,
  confirmed,
  referrals,
  onChange,
}: {
  caseId: string;
  confirmed: boolean;
  referrals: Referral[];
  onChange: () => void;
}) {
  const t = useT();
  const [open, setOpen] = useState<'refer' | Referral | null>(null);
  const [on, setOn] = useState<string | null>(chinaToday());
  const [organ, setOrgan] = useState('');
  const [caseRef, setCaseRef] = useState('');
  const [outcome, setOutcome] = useState('');
  const action = useAction(() => {
    setOpen(null);
    onChange();
  });
  const mine = referrals.filter((r) => r.subjectKind === 'case' && r.subjectId === caseId);
  return (
    <Space direction="vertical" size={2}>
      {mine.map((r) => (
        <div key={r.id} style={{ fontSize: 12 }} data-testid="case-referral">
          <Tag color="purple">{t('已移送')}</Tag>
          {date(r.referredOn)} · {r.organ}
          {r.caseRef ? ` · ${r.caseRef}` : ''}
          <div>
            {r.outcome ? (
              `${t('处理结果')}：${r.outcome}`
            ) : (
              <Button
                size="small"
                type="link"
                onClick={() => {
                  action.clear();
                  setOutcome('');
                  setOpen(r);
                }}
              >
                {t('登记处理结果')}
              </Button>
            )}
          </div>
        </div>
      ))}
      {confirmed && (
        <Button
          size="small"
          onClick={() => {
            action.clear();
            setOrgan('');
            setCaseRef('');
            setOpen('refer');
          }}
          data-testid="refer-case"
        >
          {t('移送')}
        </Button>
      )}
      <Modal
        open={open !== null}
        title={t(open === 'refer' ? '移送司法机关' : '登记处理结果')}
        confirmLoading={action.busy}
        onCancel={() => setOpen(null)}
        onOk={() =>
          open === 'refer'
            ? action.run('/api/referrals', {
                subjectKind: 'case',
                subjectId: caseId,
                referredOn: on,
                organ,
                caseRef: caseRef || null,
              })
            : open && action.run(`/api/referrals/${open.id}/outcome`, { outcome })
        }
      >
        {open === 'refer' ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder={t('移送日期')}
              value={pickerDay(on)}
              onChange={(d) => setOn(d ? dayText(d) : null)}
            />
            <Input
              placeholder={t('接收机关（如：南京市公安局）')}
              value={organ}
              onChange={(e) => setOrgan(e.target.value)}
            />
            <Input placeholder={t('案件编号（选填）')} value={caseRef} onChange={(e) => setCaseRef(e.target.value)} />
          </Space>
        ) : (
          <Input.TextArea
            rows={3}
            placeholder={t('处理结果（如：已立案、不予立案、已判决）')}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
          />
        )}
        {action.error && <Alert type="error" message={action.error} style={{ marginTop: 8 }} />}
      </Modal>
    </Space>
  );
}
