import { useContext, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Result, Segmented, Select, Space, Typography } from 'antd';
import type { Schemas } from '../api.ts';
import { cityOfIdNumber, idNumberHint } from '../id-number.ts';
import { LangContext, type Lang, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';

type CodeSent = Schemas['RegistrationCodeSent'];
type Registered = Schemas['Registered'];
interface Refusal {
  code: string;
  zh: string;
  en: string;
  field?: string;
}

/** POSTs to the public registration API; a refusal keeps the field it names, to show it under that field. */
async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok)
    throw {
      code: json.code ?? 'ERROR',
      zh: json.message ?? res.statusText,
      en: json.message_en ?? res.statusText,
      field: json.details?.field,
    } satisfies Refusal;
  return json as T;
}

const FIELDS = ['name', 'idNumber', 'cityCode', 'phone', 'code', 'password'];

/**
 * 自助注册 (public, phone first): real name, ID number with a live check, residence city, phone with
 * a one-time SMS code, password. A refusal is shown in words under the field it concerns; the answer
 * says whether to sign in now or to wait for the city's review (docs/security.md § Self-registration).
 */
export function RegisterPage() {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const { options } = useLabels();
  const [form] = Form.useForm();
  const [error, setError] = useState<Refusal | null>(null);
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Registered | null>(null);
  const idNumber: string = Form.useWatch('idNumber', form) ?? '';
  const hint = idNumberHint(idNumber);
  const say = (r: { zh: string; en: string }) => (lang === 'en' ? r.en : r.zh);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  const cities = options('city');
  // The city of the ID number's region code, until the person picks another.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the typed ID number is the trigger
  useEffect(() => {
    const city = cityOfIdNumber(idNumber);
    if (
      city &&
      !form.isFieldTouched('cityCode') &&
      form.getFieldValue('cityCode') !== city &&
      cities.some((o) => o.value === city)
    )
      form.setFieldValue('cityCode', city);
  }, [idNumber]);

  const refuse = (e: unknown) => {
    const r: Refusal = (e as Refusal).zh ? (e as Refusal) : { code: 'ERROR', zh: String(e), en: String(e) };
    setError(r);
    if (r.field && FIELDS.includes(r.field)) form.setFields([{ name: r.field, errors: [say(r)] }]);
  };
  const sendCode = async () => {
    setError(null);
    try {
      const phone = (await form.validateFields(['phone'])).phone as string;
      setSent(await post<CodeSent>('/api/register/code', { phone }));
      setWait(60);
    } catch (e) {
      if ((e as { errorFields?: unknown }).errorFields) return; // the form shows what is missing
      refuse(e);
    }
  };
  const submit = async (v: Record<string, string>) => {
    setError(null);
    setBusy(true);
    try {
      setDone(await post<Registered>('/api/register', v));
    } catch (e) {
      refuse(e);
    } finally {
      setBusy(false);
    }
  };

  const page = (body: React.ReactNode) => (
    <div
      style={{
        display: 'flex',
        justifyContent: 'center',
        padding: '24px 12px',
        background: '#f0f2f5',
        minHeight: '100vh',
        boxSizing: 'border-box',
      }}
    >
      <Card
        title={`技能 Jineng · ${t('自助注册')}`}
        extra={
          <Segmented
            size="small"
            value={lang}
            onChange={(l) => setLang(l as Lang)}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'EN', value: 'en' },
            ]}
          />
        }
        style={{ width: '100%', maxWidth: 420, height: 'fit-content' }}
      >
        {body}
      </Card>
    </div>
  );

  if (done)
    return page(
      <Result
        status={done.outcome === 'active' ? 'success' : 'info'}
        title={done.outcome === 'active' ? t('注册成功') : t('已提交')}
        subTitle={say(done.message)}
        data-testid="register-done"
        extra={
          <Link to={`/login?username=${encodeURIComponent(done.username)}`}>
            <Button type="primary">{t('去登录')}</Button>
          </Link>
        }
      />,
    );

  return page(
    <>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('用本人身份证号和手机号注册劳动者账号。已在实名库中的，注册后即可登录；新登记的，须经所在城市审核。')}
      </Typography.Paragraph>
      {error && !(error.field && FIELDS.includes(error.field)) && (
        <Alert type="error" message={say(error)} style={{ marginBottom: 16 }} data-testid="register-error" />
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="name" label={t('姓名')} rules={[{ required: true, message: t('请填写姓名') }]}>
          <Input autoComplete="name" maxLength={50} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('身份证号')}
          rules={[{ required: true, message: t('请填写身份证号') }]}
          validateStatus={hint && !hint.ok ? 'warning' : hint?.ok ? 'success' : undefined}
          help={hint ? (hint.ok ? t('格式与校验码正确') : say(hint)) : undefined}
          // Always on: switching it on at the first character re-mounted the input (antd wraps it for
          // the icon), which took the focus away — on a phone the keyboard closed after one digit.
          hasFeedback
        >
          <Input maxLength={18} inputMode="text" autoComplete="off" data-testid="id-number" />
        </Form.Item>
        <Form.Item name="cityCode" label={t('常住城市')} rules={[{ required: true, message: t('请选择常住城市') }]}>
          <Select options={cities} aria-label={t('常住城市')} placeholder={t('请选择常住城市')} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('手机号')}
          rules={[
            { required: true, message: t('请填写手机号') },
            { pattern: /^1[3-9]\d{9}$/, message: t('手机号应为11位') },
          ]}
        >
          <Input inputMode="numeric" maxLength={11} autoComplete="tel" />
        </Form.Item>
        <Form.Item label={t('验证码')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="code" noStyle rules={[{ required: true, message: t('请填写验证码') }]}>
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" aria-label={t('验证码')} />
            </Form.Item>
            <Button onClick={sendCode} disabled={wait > 0} data-testid="send-code" style={{ minWidth: 120 }}>
              {wait > 0 ? `${wait} ${t('秒后重发')}` : t('获取验证码')}
            </Button>
          </Space.Compact>
        </Form.Item>
        {sent && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="code-sent"
            message={`${t('验证码已发送，5 分钟内有效')}${sent.demoNotice ? `。${say(sent.demoNotice)}` : ''}`}
          />
        )}
        <Form.Item
          name="password"
          label={t('设置密码')}
          extra={t('至少 10 位，包含大写字母、小写字母、数字、符号中的三类')}
          rules={[{ required: true, message: t('请设置密码') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="register-submit">
          {t('注册')}
        </Button>
      </Form>
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        {t('已有账号？')}
        <Link to="/login">{t('去登录')}</Link>
      </div>
    </>,
  );
}
