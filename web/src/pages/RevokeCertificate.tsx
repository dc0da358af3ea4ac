import { Alert, Button, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, ApiError, type ApiGet } from '../api/client.ts';
import { yuan } from '../format.ts';
import { useT } from '../i18n.ts';
import { useAction } from './useAction.ts';

type Preview = ApiGet<'/api/certificates/{no}/revocation-effects'>;

const EFFECT_NAMES = {
  clawback: '已发放，转为追回应收',
  release: '已通过未发放，作废并释放预算',
  await_bank: '银行处理中，待回盘后处理',
} as const;

/**
 * 撤销证书 (province): shows first what the revocation does to the subsidies on the certificate —
 * which are clawed back and how much, which approvals are voided — then revokes on confirmation.
 */
export function RevokeCertificateButton({ certificateNo, onDone }: { certificateNo: string; onDone: () => void }) {
  const t = useT();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction(() => {
    setPreview(null);
    onDone();
  });
  const open = async () => {
    setLoadError(null);
    setReason('');
    action.clear();
    try {
      setPreview(await api<Preview>(`/api/certificates/${encodeURIComponent(certificateNo)}/revocation-effects`));
    } catch (e) {
      setLoadError(e instanceof ApiError ? e.zh : String(e));
    }
  };
  return (
    <>
      <Button size="small" danger onClick={open}>
        {t('撤销证书')}
      </Button>
      {loadError && <Alert type="error" message={loadError} />}
      <Modal
        open={!!preview}
        title={`${t('撤销证书')} ${certificateNo}`}
        okText={t('确认撤销')}
        okButtonProps={{ danger: true }}
        confirmLoading={action.busy}
        onCancel={() => setPreview(null)}
        onOk={() => action.run(`/api/certificates/${encodeURIComponent(certificateNo)}/revoke`, { reason })}
      >
        {preview && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              type="warning"
              message={`${t('将追回')} ${yuan(preview.clawbackFen)}，${t('作废未发放')} ${yuan(preview.releaseFen)}`}
            />
            <Table
              size="small"
              pagination={false}
              rowKey="applicationId"
              dataSource={preview.effects}
              locale={{ emptyText: t('该证书上没有受影响的补贴') }}
              columns={[
                { title: t('申请编号'), dataIndex: 'applicationId' },
                { title: t('金额'), dataIndex: 'amountFen', render: yuan, align: 'right' },
                {
                  title: t('影响'),
                  dataIndex: 'effect',
                  render: (e: keyof typeof EFFECT_NAMES) => (
                    <Tag color={e === 'clawback' ? 'red' : 'orange'}>{t(EFFECT_NAMES[e])}</Tag>
                  ),
                },
              ]}
            />
            <Input.TextArea
              rows={2}
              placeholder={t('撤销原因（必填）')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            {action.error && <Alert type="error" message={action.error} />}
          </Space>
        )}
      </Modal>
    </>
  );
}
