import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input } from 'antd';
import type { Me } from '../api.ts';
import { ApiError, client, type ApiPostBody } from '../api/client.ts';
import { useT, LangContext } from '../i18n.ts';
import { useContext } from 'react';

export function LoginPage({ onLogin }: { onLogin: (me: Me) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [error, setError] = useState<string | null>(null);
  // A worker back from self-registration finds their phone number (their username) filled in.
  const [params] = useSearchParams();
  const submit = async (v: ApiPostBody<'/api/auth/login'>) => {
    try {
      await client.POST('/api/auth/login', { body: v });
      const { data: me } = await client.GET('/api/me');
      if (me) onLogin(me);
    } catch (e) {
      setError(e instanceof ApiError ? (lang === 'en' ? e.en : e.zh) : String(e));
    }
  };
  return (
    <div
      style={{ display: 'flex', justifyContent: 'center', paddingTop: 100, background: '#f0f2f5', minHeight: '100vh' }}
    >
      <Card title={`技能 Jineng · ${t('登录')}`} style={{ width: 380, height: 'fit-content' }}>
        {error && <Alert type="error" message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" onFinish={submit} initialValues={{ username: params.get('username') ?? undefined }}>
          <Form.Item name="username" label={t('用户名')} rules={[{ required: true }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('密码')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('登录')}
          </Button>
        </Form>
        <div style={{ marginTop: 12, textAlign: 'center' }}>
          <Link to="/public/notices" data-testid="public-notices-link">
            {t('补贴公示')}
          </Link>
        </div>
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          {t('没有账号？')}
          <Link to="/register" data-testid="register-link">
            {t('自助注册')}
          </Link>
        </div>
      </Card>
    </div>
  );
}
