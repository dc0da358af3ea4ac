import { Alert, Button, Card, Form, Input, Segmented, Spin, Typography } from 'antd';
import { useContext, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, client, type ApiGet, type ApiPostBody } from '../api/client.ts';
import { LangContext, useT, type Lang } from '../i18n.ts';
import { CertificateCheck, type CertificateAnswer } from './CertificateCheck.tsx';
import { useData } from './useData.ts';

/**
 * 证书查验 (public, phone-sized): the answer behind a certificate's QR code (`?t=`), and a lookup by
 * the number printed on the certificate and the holder's full name, as the certificate tells holders.
 */
export function VerifyPage() {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const [params] = useSearchParams();
  const token = params.get('t') ?? '';
  return (
    <div style={{ padding: '8px 4px 32px' }}>
      <div style={{ maxWidth: 720, margin: '0 auto', display: 'flex', flexDirection: 'column', gap: 16 }}>
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12 }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('证书查验')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('江苏省职业技能提升培训平台')}</Typography.Text>
          </div>
          <Segmented
            size="small"
            value={lang}
            onChange={(v) => setLang(v as Lang)}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'EN', value: 'en' },
            ]}
          />
        </div>
        {token ? (
          <Card size="small" title={t('二维码查验结果')}>
            <QrCheck token={token} />
          </Card>
        ) : (
          <Alert type="info" showIcon message={t('扫描证书上的二维码，或在下方输入证书编号与持证人姓名。')} />
        )}
        <LookupCard />
      </div>
    </div>
  );
}

/** The signed token of a QR code, checked by the server. */
function QrCheck({ token }: { token: string }) {
  const { data, error } = useData<ApiGet<'/api/verify'>>(`/api/verify?t=${encodeURIComponent(token)}`);
  if (error) return <Alert type="warning" showIcon message={error} />;
  if (!data) return <Spin style={{ display: 'block', margin: 24 }} />;
  return <CertificateCheck answer={data} testId="verify-status" />;
}

/** Number + full name: the server answers only when both match (a wrong name reads as an unknown number). */
function LookupCard() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [answer, setAnswer] = useState<CertificateAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (body: ApiPostBody<'/api/verify/lookup'>) => {
    setBusy(true);
    setError(null);
    setAnswer(null);
    try {
      const { data } = await client.POST('/api/verify/lookup', { body });
      setAnswer(data ?? null);
    } catch (e) {
      setError(e instanceof ApiError ? (lang === 'en' ? e.en : e.zh) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('按证书编号查验')}>
      <Form layout="vertical" onFinish={submit} requiredMark={false} data-testid="lookup-form">
        <Form.Item
          name="no"
          label={t('证书编号')}
          rules={[{ required: true, whitespace: true, message: t('请输入证书编号') }]}
        >
          <Input autoComplete="off" spellCheck={false} maxLength={40} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('持证人姓名')}
          extra={t('请输入持证人全名；证书编号与姓名都相符才显示证书。')}
          rules={[{ required: true, whitespace: true, message: t('请输入持证人姓名') }]}
        >
          <Input autoComplete="off" maxLength={60} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('查验')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} data-testid="lookup-error" />}
      {answer && (
        <div style={{ marginTop: 16 }}>
          <CertificateCheck answer={answer} testId="lookup-status" />
        </div>
      )}
    </Card>
  );
}
