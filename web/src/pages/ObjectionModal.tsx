import { Alert, Button, Form, Input, Modal, message } from 'antd';
import { useContext, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';

interface ObjectionForm {
  reason?: string;
  contact?: string;
}

/**
 * 提出异议 on a public notice (补贴公示, 遴选公示): a reason and an optional contact, sent without
 * sign-in to `url`; the server's refusal is shown in the form, success closes it with `received`.
 */
export function ObjectionModal({
  subject,
  url,
  reasonLabel,
  reasonMax,
  contactLabel,
  received,
  onClose,
}: {
  /** What the objection is about (a masked name, an institution); null: the modal is closed. */
  subject: string | null;
  /** Where the objection is posted (null while closed). */
  url: string | null;
  reasonLabel: string;
  reasonMax: number;
  contactLabel: string;
  /** The message once it is received (who looks into it). */
  received: string;
  onClose: () => void;
}) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [err, setErr] = useState<string | null>(null);
  const [form] = Form.useForm<ObjectionForm>();
  const submit = async (v: ObjectionForm) => {
    setErr(null);
    try {
      await api(url!, { method: 'POST', body: JSON.stringify({ reason: v.reason ?? '', contact: v.contact || null }) });
      message.success(received);
      onClose();
      form.resetFields();
    } catch (e) {
      setErr(e instanceof ApiError ? (lang === 'en' ? e.en : e.zh) : String(e));
    }
  };
  return (
    <Modal
      open={subject !== null}
      title={`${t('提出异议')} · ${subject ?? ''}`}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={reasonLabel} rules={[{ required: true }]}>
          <Input.TextArea rows={4} maxLength={reasonMax} showCount />
        </Form.Item>
        <Form.Item name="contact" label={contactLabel}>
          <Input maxLength={60} />
        </Form.Item>
        {err && <Alert type="error" message={err} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" block>
          {t('提交异议')}
        </Button>
      </Form>
    </Modal>
  );
}
