import { Alert, Card, Descriptions, Empty, Space, Tag } from 'antd';
import type { ApiGet } from '../api/client.ts';
import { dateTime, date } from '../format.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useData } from './useData.ts';

const STATUS_COLOR: Record<string, string> = { open: 'processing', upheld: 'success', dismissed: 'default' };

/** 我的申诉: each appeal as a card — what, status, the answer and the date it is due by. */
export function MyAppealsPage() {
  const t = useT();
  const { label } = useLabels();
  const { data, error } = useData<ApiGet<'/api/me/appeals'>>('/api/me/appeals');
  return (
    <div data-testid="my-appeals">
      {error && <Alert type="error" message={error} />}
      {data && data.length === 0 && (
        <Empty
          description={t(
            '暂无申诉。对不予补贴、暂缓或失败的发放、未计入的考勤有异议时，可在“我的补贴”“我的培训”中申诉。',
          )}
        />
      )}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(data ?? []).map((a) => (
          <Card
            key={a.id}
            size="small"
            title={<span style={{ whiteSpace: 'normal' }}>{a.subjectTitle}</span>}
            extra={<Tag color={STATUS_COLOR[a.status]}>{label('appealStatus', a.status)}</Tag>}
            data-testid="my-appeal"
          >
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('申诉对象')}>{label('appealKind', a.subjectKind)}</Descriptions.Item>
              <Descriptions.Item label={t('提交时间')}>{dateTime(a.filedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('答复期限')}>
                {date(a.dueOn)}
                {a.overdue && (
                  <Tag color="red" style={{ marginLeft: 8 }}>
                    {t('已逾期')}
                  </Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('申诉理由')}>{a.reason}</Descriptions.Item>
              <Descriptions.Item label={t('附件')}>
                {a.attachments.length === 0
                  ? '—'
                  : a.attachments.map((f) => (
                      <a
                        key={f.n}
                        href={`/api/appeals/${a.id}/attachments/${f.n}`}
                        target="_blank"
                        rel="noreferrer"
                        style={{ marginRight: 8 }}
                      >
                        {f.fileName}
                      </a>
                    ))}
              </Descriptions.Item>
              {a.answer && (
                <Descriptions.Item label={t('处理意见')}>
                  <b data-testid="appeal-answer">{a.answer}</b>
                  {a.decidedAt ? `（${dateTime(a.decidedAt)}）` : ''}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        ))}
      </Space>
    </div>
  );
}
