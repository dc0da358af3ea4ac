import { Descriptions, Result } from 'antd';
import { useContext } from 'react';
import type { ApiGet, ApiPost } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';

/** The answer of the QR check or of the lookup by number and name: a refusal, or the certificate's state. */
export type CertificateAnswer = ApiGet<'/api/verify'> | ApiPost<'/api/verify/lookup'>;

const TITLES = {
  valid: '证书有效',
  revoked: '证书已撤销',
  invalid: '二维码无效',
  unknown: '查无此证',
} as const;

/** Shows a verification answer; the holder's name is partly masked and the ID number (lookup only) masked. */
export function CertificateCheck({ answer, testId }: { answer: CertificateAnswer; testId: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  // A certificate comes only with valid/revoked; a message only with invalid/unknown.
  const c = 'certificate' in answer ? answer.certificate : undefined;
  return (
    <>
      <Result
        style={{ padding: '16px 0' }}
        status={answer.status === 'valid' ? 'success' : 'error'}
        title={<span data-testid={testId}>{t(TITLES[answer.status])}</span>}
        subTitle={'message' in answer ? (lang === 'en' ? answer.message_en : answer.message) : undefined}
      />
      {c && (
        <Descriptions column={1} bordered size="small" styles={{ label: { width: 112 } }}>
          <Descriptions.Item label={t('证书编号')}>
            <span style={{ wordBreak: 'break-all' }}>{c.certificateNo}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('持证人')}>{c.holder}</Descriptions.Item>
          {'holderIdMasked' in c && typeof c.holderIdMasked === 'string' && (
            <Descriptions.Item label={t('身份证号')}>
              <span data-testid="holder-id">{c.holderIdMasked}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('职业（工种）')}>{label('occupation', c.occupationCode)}</Descriptions.Item>
          <Descriptions.Item label={t('证书类别')}>{label('certificateKind', c.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('等级')}>{c.level ? label('level', c.level) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('发证日期')}>{c.issuedOn}</Descriptions.Item>
          <Descriptions.Item label={t('评价机构')}>{c.evaluator ?? '—'}</Descriptions.Item>
          {c.revokedOn && (
            <Descriptions.Item label={t('撤销')}>
              {c.revokedOn}
              {c.revokeReason ? `（${c.revokeReason}）` : ''}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </>
  );
}
