import { useContext, useState } from 'react';
import { Alert, Button, Card, Form, Input, List, Modal, Space, Tag, Typography, Upload, message } from 'antd';
import type { UploadFile } from 'antd';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import type { ApiGet } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useData } from './useData.ts';

type Subject = ApiGet<'/api/me/appealable'>[number];
type Kind = Subject['kind'];

/**
 * 申诉 entry for a worker's page: lists what of `kinds` they may contest now (a rejected decision,
 * a withheld or failed payment, an attendance record that does not count) with a 申诉 button each,
 * and the form (reason, up to 3 photos or PDFs). A record whose last appeal was dismissed says that a
 * new one needs new evidence; one that has had all its appeals says no more are accepted (the server decides
 * both and its refusal is shown in the form). Renders nothing when there is nothing to contest.
 */
export function AppealButton({ kinds }: { kinds: Kind[] }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const { data, reload } = useData<ApiGet<'/api/me/appealable'>>('/api/me/appealable');
  const [subject, setSubject] = useState<Subject | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const shown = (data ?? []).filter((s) => kinds.includes(s.kind));
  if (shown.length === 0) return null;
  const submit = async ({ reason }: { reason: string }) => {
    if (!subject) return;
    const body = new FormData();
    body.append('subjectKind', subject.kind);
    body.append('subjectRef', subject.ref);
    body.append('reason', reason ?? '');
    for (const f of files) if (f.originFileObj) body.append('files', f.originFileObj, f.name);
    setBusy(true);
    setError(null);
    try {
      await api('/api/appeals', { method: 'POST', body });
      message.success(t('申诉已提交，请在“我的申诉”中查看处理结果'));
      setSubject(null);
      setFiles([]);
      form.resetFields();
      reload();
    } catch (e) {
      setError(e instanceof ApiError ? `${lang === 'en' ? e.en : e.zh}` : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('可申诉的记录')}
      extra={<Link to="/my-appeals">{t('我的申诉')}</Link>}
      style={{ marginBottom: 16 }}
      data-testid="appealable"
    >
      <List
        size="small"
        dataSource={shown}
        renderItem={(s) => (
          <List.Item
            key={`${s.kind}:${s.ref}`}
            actions={[
              s.openAppeal ? (
                <Tag key="open">{t('申诉处理中')}</Tag>
              ) : s.appealsLeft === 0 ? (
                <Tag key="limit" data-testid="appeal-limit">
                  {t('不再受理')}
                </Tag>
              ) : (
                <Button key="go" size="small" type="primary" onClick={() => setSubject(s)} data-testid="appeal-open">
                  {t('申诉')}
                </Button>
              ),
            ]}
          >
            <List.Item.Meta
              title={<span style={{ wordBreak: 'break-all' }}>{s.title[lang]}</span>}
              description={
                <>
                  <Space size={4} wrap>
                    <Tag>{label('appealKind', s.kind)}</Tag>
                    {s.why.map((w) => (
                      <span key={w.zh}>{w[lang]}</span>
                    ))}
                  </Space>
                  {!s.openAppeal && s.appealsLeft === 0 && (
                    <div style={{ marginTop: 4 }}>
                      <Typography.Text type="secondary">
                        {t('该记录申诉次数已满，不再受理；如仍有异议，可依法申请行政复议')}
                      </Typography.Text>
                    </div>
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={subject !== null}
        title={`${t('申诉')} · ${subject?.title[lang] ?? ''}`}
        onCancel={() => setSubject(null)}
        footer={null}
        destroyOnHidden
      >
        {subject?.newEvidenceNeeded && (
          <Alert
            type="warning"
            showIcon
            message={t('上次申诉未获支持，再次申诉须提供新的证明材料')}
            description={t('请上传至少一个此前未提交过的附件（照片或文件），并写明与上次不同的申诉理由。')}
            style={{ marginBottom: 12 }}
            data-testid="appeal-new-evidence"
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} data-testid="appeal-form">
          <Form.Item
            name="reason"
            label={t('申诉理由（10–500字）')}
            rules={[{ required: true, min: 10, max: 500, message: t('请填写申诉理由（10–500字）') }]}
          >
            <Input.TextArea rows={4} showCount maxLength={500} data-testid="appeal-reason" />
          </Form.Item>
          <Form.Item label={t('证明材料（照片或PDF，最多3个，每个不超过5MB）')}>
            <Upload
              accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
              multiple
              maxCount={3}
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles(fileList.slice(0, 3))}
              listType="text"
            >
              <Button data-testid="appeal-files">{t('选择文件')}</Button>
            </Upload>
          </Form.Item>
          {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} data-testid="appeal-error" />}
          <Button type="primary" htmlType="submit" loading={busy} block data-testid="appeal-submit">
            {t('提交申诉')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
