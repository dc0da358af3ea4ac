import { Card, Descriptions, Result, Spin } from 'antd';
import { useContext } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ApiGet } from '../api/client.ts';
import { LangContext } from '../i18n.ts';
import { useData } from './useData.ts';

/** 证书查验: public page behind each certificate's QR code; the holder's name is partly masked. */
export function VerifyPage() {
  const [params] = useSearchParams();
  const { lang } = useContext(LangContext);
  const t = params.get('t') ?? '';
  const { data, error } = useData<ApiGet<'/api/verify'>>(t ? `/api/verify?t=${encodeURIComponent(t)}` : null);
  if (!t) return <Result status="info" title="请扫描证书上的二维码进行查验 / Scan the QR code on a certificate" />;
  if (error) return <Result status="warning" title={error} />;
  if (!data) return <Spin style={{ margin: 80 }} />;
  // A certificate comes only with valid/revoked; a message only with invalid/unknown.
  const c = 'certificate' in data ? data.certificate : undefined;
  const title = {
    valid: '证书有效 / Valid certificate',
    revoked: '证书已撤销 / Certificate revoked',
    invalid: '二维码无效 / Invalid code',
    unknown: '查无此证 / Unknown certificate',
  }[data.status];
  return (
    <Card style={{ maxWidth: 720, margin: '40px auto' }}>
      <Result
        status={data.status === 'valid' ? 'success' : 'error'}
        title={<span data-testid="verify-status">{title}</span>}
        subTitle={'message' in data ? (lang === 'en' ? data.message_en : data.message) : undefined}
      />
      {c && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="证书编号">{c.certificateNo}</Descriptions.Item>
          <Descriptions.Item label="持证人">{c.holder}</Descriptions.Item>
          <Descriptions.Item label="职业（工种）">{c.occupation}</Descriptions.Item>
          <Descriptions.Item label="等级">{c.levelName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="发证日期">{c.issuedOn}</Descriptions.Item>
          <Descriptions.Item label="评价机构">{c.evaluator}</Descriptions.Item>
          {c.revokedOn && (
            <Descriptions.Item label="撤销">
              {c.revokedOn}（{c.revokeReason}）
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Card>
  );
}
