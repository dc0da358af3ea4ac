import { Alert, Button, Card, Collapse, Divider, Empty, Spin, Tag, Typography } from 'antd';
import { useContext, useEffect, type CSSProperties, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import type { ApiGet, ApiPostBody } from '../api/client.ts';
import { num, yuan } from '../format.ts';
import { LangContext, useT, type Lang } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { AppealButton } from './AppealButton.tsx';

type Entitlement = ApiGet<'/api/me/entitlement'>;
type Cert = Entitlement['certificates'][number];
type Claim = Cert['claims'][number];
type Decision = Entitlement['decisions'][number];
type Reason = Claim['reasons'][number];

const STATUS_COLORS: Record<string, string> = {
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
  review: 'orange',
};
const STAGE_COLORS: Record<string, string> = {
  in_notice: 'blue',
  awaiting_payment: 'blue',
  batched: 'cyan',
  sent: 'cyan',
  paid: 'green',
  failed: 'red',
  withheld: 'orange',
  recovery: 'red',
  recovered: 'default',
  written_off: 'default',
};

/** '还剩 {n} 次' with its values: the key (and its English) keeps the placeholders. */
const fill = (text: string, values: Record<string, ReactNode>) =>
  text.split(/(\{\w+\})/).map((part, i) => {
    const m = /^\{(\w+)\}$/.exec(part);
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence
    return <span key={i}>{m ? values[m[1]] : part}</span>;
  });

/** A China date (YYYY-MM-DD): 2026年11月19日 in Chinese, 2026-11-19 in English. */
function dateText(date: string | null | undefined, lang: Lang): string {
  if (!date) return '';
  const [y, m, d] = date.split('-');
  return lang === 'zh' ? `${y}年${Number(m)}月${Number(d)}日` : date;
}

const count = (n: number) => num(n);
const factor = (bp: number) => (bp / 10000).toFixed(2);

const GRID: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 340px), 1fr))',
  gap: 12,
};
const BIG: CSSProperties = { fontSize: 20, fontWeight: 500, lineHeight: 1.3, margin: '2px 0' };
/** A figure in the big line: the number itself large. */
const Figure = ({ n, testId }: { n: number; testId: string }) => (
  <span data-testid={testId} style={{ fontSize: 40, fontWeight: 700, color: '#1677ff', margin: '0 4px' }}>
    {count(n)}
  </span>
);
const MUTED: CSSProperties = { color: 'rgba(0,0,0,0.55)' };
const WRAP: CSSProperties = { overflowWrap: 'anywhere' };

function Reasons({ reasons }: { reasons: Reason[] }) {
  const { lang } = useContext(LangContext);
  if (reasons.length === 0) return null;
  return (
    <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
      {reasons.map((r) => (
        <li key={r.code}>{lang === 'en' ? r.en : r.zh}</li>
      ))}
    </ul>
  );
}

/** The big figures: training left (this year), skill upgrade left, this year's subsidies. */
function Summary({ e }: { e: Entitlement }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const tr = e.training;
  const up = e.skillUpgrade;
  return (
    <Card data-testid="entitlement-summary" style={{ marginBottom: 16 }}>
      <div>{t('可享培训补贴')}</div>
      <div style={BIG} data-testid="training-left">
        {fill(t('还剩 {n} 次（今年 {m} 次）'), {
          n: <Figure n={tr.lifetime.left} testId="training-lifetime-left" />,
          m: <Figure n={tr.leftThisYear} testId="training-year-left" />,
        })}
      </div>
      <div style={MUTED}>
        {fill(t('一生最多 {limit} 次，已享受 {used} 次'), {
          limit: count(tr.lifetime.limit),
          used: count(tr.lifetime.used),
        })}
      </div>
      {tr.reasons.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          message={t('暂不能享受职业培训补贴')}
          description={<Reasons reasons={tr.reasons} />}
        />
      )}
      <Divider style={{ margin: '14px 0' }} />
      <div>{t('技能提升补贴')}</div>
      <div style={BIG} data-testid="upgrade-left">
        {fill(t('今年还剩 {n} 次'), { n: <Figure n={up.leftThisYear} testId="upgrade-year-left" /> })}
      </div>
      <div style={MUTED}>
        {fill(t('其中非紧缺职业 {m} 次；失业保险已缴 {months} 个月（须满 {min} 个月）'), {
          m: <span data-testid="upgrade-nonshortage-left">{count(up.nonShortageLeftThisYear)}</span>,
          months: count(up.insuredMonths),
          min: count(up.insuredMonthsMin),
        })}
      </div>
      {up.reasons.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          message={t('暂不能享受技能提升补贴')}
          description={<Reasons reasons={up.reasons} />}
        />
      )}
      <Divider style={{ margin: '14px 0' }} />
      <div data-testid="year-left">
        {fill(t('{year}年已享受补贴 {used} 次，还可享受 {left} 次（每年最多 {limit} 次，两类合计）'), {
          year: e.year,
          used: count(e.thisYear.used),
          left: <b>{count(e.thisYear.left)}</b>,
          limit: count(e.thisYear.limit),
        })}
      </div>
      {e.pendingApplications > 0 && (
        <Alert
          type="info"
          style={{ marginTop: 8 }}
          message={fill(t('您有 {n} 项申请待审核，以上次数已按政策规则预先计入。'), {
            n: count(e.pendingApplications),
          })}
        />
      )}
      <div style={{ ...MUTED, marginTop: 8, fontSize: 12 }}>
        {fill(t('按现行补贴政策计算，截至 {date}'), { date: dateText(e.asOf, lang) })}
      </div>
    </Card>
  );
}

/** Why this amount: the base by level and category, times the shortage and city factors. */
function Basis({ claim, cert }: { claim: Claim; cert: Cert }) {
  const t = useT();
  const { label } = useLabels();
  const b = claim.basis;
  if (!b) return null;
  const parts = [
    cert.level ? label('level', cert.level) : label('certificateKind', cert.kind),
    b.category && claim.type === 'training' ? label('occupationCategory', b.category) : null,
    <>
      {t('基础')} {yuan(b.baseFen)}
      {b.shortageBp !== 10000 && ` × ${factor(b.shortageBp)}（${t('紧缺职业')}）`}
      {b.cityBp !== 10000 && ` × ${factor(b.cityBp)}（${label('city', b.cityCode)}${t('系数')}）`}
    </>,
  ].filter(Boolean);
  return (
    <div style={{ ...MUTED, fontSize: 12 }} data-testid="claim-basis">
      {parts.map((w, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed short list
        <span key={i}>
          {i > 0 && ' · '}
          {w}
        </span>
      ))}
    </div>
  );
}

function ClaimLine({ claim, cert, onApply, busy }: { claim: Claim; cert: Cert; onApply: () => void; busy: boolean }) {
  const t = useT();
  const { label } = useLabels();
  const name = label('applicationType', claim.type);
  const open = claim.state === 'claimable' || claim.state === 'review';
  return (
    <div data-testid={`claim-${claim.type}`} style={{ padding: '8px 0', borderTop: '1px solid #f0f0f0' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
        <span style={{ flex: '1 1 auto' }}>{name}</span>
        {open && (
          <span style={{ fontSize: 20, fontWeight: 600, color: '#389e0d' }} data-testid="claim-amount">
            {yuan(claim.amountFen ?? 0)}
          </span>
        )}
        {open && (
          <Button type="primary" size="large" loading={busy} onClick={onApply}>
            {t('申领')}
          </Button>
        )}
        {claim.state === 'applied' && (
          <Tag color={STATUS_COLORS[claim.applicationStatus ?? 'submitted']}>
            {t('已申请')} · {label('applicationStatus', claim.applicationStatus)}
          </Tag>
        )}
        {claim.state === 'closed' && <Tag>{t('不可申领')}</Tag>}
      </div>
      {open && <Basis claim={claim} cert={cert} />}
      {claim.state === 'review' && (
        <div style={{ color: '#d46b08', fontSize: 12 }}>
          {t('申领后将人工复核，复核通过前暂缓发放：')}
          <Reasons reasons={claim.reasons} />
        </div>
      )}
      {claim.state === 'closed' && (
        <div style={{ ...MUTED, fontSize: 13 }}>
          <Reasons reasons={claim.reasons} />
        </div>
      )}
    </div>
  );
}

function CertCard({ cert, onApply, busy }: { cert: Cert; onApply: (c: Cert, claim: Claim) => void; busy: boolean }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const urgent = cert.daysLeft >= 0 && cert.daysLeft <= 30;
  return (
    <Card
      size="small"
      data-testid="certificate-card"
      data-certificate={cert.certificateNo}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {label('occupation', cert.occupationCode)} ·{' '}
          {cert.level ? label('level', cert.level) : label('certificateKind', cert.kind)}
        </span>
      }
      extra={cert.shortage ? <Tag color="gold">{t('紧缺职业')}</Tag> : null}
    >
      <div style={{ ...MUTED, ...WRAP, fontSize: 12 }}>
        {t('证书编号')} {cert.certificateNo} · {t('发证')} {dateText(cert.issuedOn, lang)}
      </div>
      {cert.revokedOn ? (
        <div style={{ color: '#cf1322', margin: '6px 0' }}>
          {t('证书已撤销')} {dateText(cert.revokedOn, lang)}
        </div>
      ) : (
        <div style={{ margin: '6px 0', color: urgent ? '#cf1322' : undefined }} data-testid="deadline">
          {fill(t('申领截止 {date}'), { date: <b>{dateText(cert.lastDay, lang)}</b> })}
          {cert.daysLeft >= 0 ? fill(t('（还剩 {n} 天）'), { n: count(cert.daysLeft) }) : ` ${t('（已过申领期限）')}`}
        </div>
      )}
      {cert.claims.map((claim) => (
        <ClaimLine key={claim.type} claim={claim} cert={cert} busy={busy} onApply={() => onApply(cert, claim)} />
      ))}
    </Card>
  );
}

function DecisionCard({ d }: { d: Decision }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const row = (name: string, value: ReactNode) => (
    <div style={{ display: 'flex', gap: 8, padding: '2px 0' }}>
      <span style={{ ...MUTED, flex: `0 0 ${lang === 'en' ? 7 : 4.5}em` }}>{t(name)}</span>
      <span style={{ flex: '1 1 auto', minWidth: 0, ...WRAP }}>{value}</span>
    </div>
  );
  return (
    <Card
      size="small"
      data-testid="decision-card"
      data-application={d.applicationId}
      title={<span style={{ whiteSpace: 'normal' }}>{label('applicationType', d.type)}</span>}
      extra={<Tag color={STATUS_COLORS[d.status]}>{label('applicationStatus', d.status)}</Tag>}
    >
      {d.amountFen !== null && d.status !== 'rejected' && (
        <div style={{ fontSize: 22, fontWeight: 600 }} data-testid="decision-amount">
          {yuan(d.amountFen)}
        </div>
      )}
      {d.occupationCode &&
        row('证书', `${label('occupation', d.occupationCode)}${d.level ? ` · ${label('level', d.level)}` : ''}`)}
      {row('证书编号', d.certificateNo)}
      {row('申请编号', d.applicationId)}
      {row('申请日期', dateText(d.appliedOn, lang))}
      {d.notice && row('公示期', `${dateText(d.notice.from, lang)} — ${dateText(d.notice.until, lang)}`)}
      {d.payment &&
        row(
          '发放',
          <>
            <Tag color={STAGE_COLORS[d.payment.stage]} data-testid="payment-stage">
              {label('paymentStage', d.payment.stage)}
            </Tag>
            {d.payment.paidOn && dateText(d.payment.paidOn, lang)}
            {d.payment.failureReason && <div style={MUTED}>{d.payment.failureReason}</div>}
          </>,
        )}
      {d.clawback &&
        row(
          '追回',
          <>
            {yuan(d.clawback.amountFen)} · {label('clawbackStatus', d.clawback.status)}
            {d.clawback.reason && <div style={MUTED}>{d.clawback.reason}</div>}
          </>,
        )}
      {d.reasons.length > 0 && row(d.status === 'review' ? '复核原因' : '原因', <Reasons reasons={d.reasons} />)}
      {d.status === 'submitted' && <div style={MUTED}>{t('待下一次结算按政策规则决定')}</div>}
    </Card>
  );
}

/**
 * 我的补贴 (issue 18): one page for a worker — what is still open under the current policy (big
 * figures), the certificates that can be claimed and until when, with the expected amount and why,
 * and every decision with its reasons in words, 公示 and payment. Cards, one column on a phone.
 */
export function MySubsidiesPage() {
  const t = useT();
  const { data: e, error, reload } = useData<Entitlement>('/api/me/entitlement');
  const action = useAction(reload);
  const { hash } = useLocation();
  // /decisions sends a worker to #decisions: go there once the cards are drawn.
  useEffect(() => {
    if (e && hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [e, hash]);
  const apply = (cert: Cert, claim: Claim) =>
    action.run('/api/applications', {
      type: claim.type as ApiPostBody<'/api/applications'>['type'],
      certificateNo: cert.certificateNo,
      projectCode: claim.type === 'training' ? cert.projectCode : null,
    } satisfies ApiPostBody<'/api/applications'>);
  if (error) return <Alert type="error" message={error} />;
  if (!e) return <Spin style={{ margin: 40 }} />;
  // Open: something to claim, or a claim just filed (it stays in sight until decided).
  const claimable = e.certificates.filter((c) =>
    c.claims.some(
      (x) =>
        x.state === 'claimable' ||
        x.state === 'review' ||
        (x.state === 'applied' && x.applicationStatus === 'submitted'),
    ),
  );
  const others = e.certificates.filter((c) => !claimable.includes(c));
  return (
    <div data-testid="my-subsidies" style={{ maxWidth: 1080 }}>
      <Summary e={e} />
      {action.error && <Alert type="error" showIcon message={action.error} style={{ marginBottom: 12 }} />}
      <Typography.Title level={4} style={{ marginTop: 8 }}>
        {t('可申领的证书')}
      </Typography.Title>
      {claimable.length === 0 ? (
        <Empty description={t('暂无可申领补贴的证书')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div style={GRID} data-testid="claimable-certificates">
          {claimable.map((c) => (
            <CertCard key={c.certificateNo} cert={c} busy={action.busy} onApply={apply} />
          ))}
        </div>
      )}
      {others.length > 0 && (
        <Collapse
          ghost
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'others',
              label: fill(t('其他证书（{n}）'), { n: count(others.length) }),
              children: (
                <div style={GRID}>
                  {others.map((c) => (
                    <CertCard key={c.certificateNo} cert={c} busy={action.busy} onApply={apply} />
                  ))}
                </div>
              ),
            },
          ]}
        />
      )}
      <Typography.Title level={4} id="decisions" style={{ marginTop: 16 }}>
        {t('我的申请与补贴决定')}
      </Typography.Title>
      {e.decisions.length === 0 ? (
        <Empty description={t('暂无申请')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div style={GRID} data-testid="decisions">
          {e.decisions.map((d) => (
            <DecisionCard key={d.applicationId} d={d} />
          ))}
        </div>
      )}
      <AppealButton kinds={['decision', 'payment']} />
      <div style={{ ...MUTED, fontSize: 12, marginTop: 16 }}>
        {t('金额为按政策规则的预计金额，以结算决定为准；日期均为北京时间。')}
      </div>
    </div>
  );
}
