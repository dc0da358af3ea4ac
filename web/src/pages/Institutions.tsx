import { Alert, Button, Descriptions, Drawer, Rate, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import type { Me } from '../api.ts';
import type { ApiGet, Item } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { CardTable } from './CardTable.tsx';
import { History } from './History.tsx';
import { Code } from '../Code.tsx';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';

type Institution = Item<ApiGet<'/api/institutions'>>;
const GRADE_COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };

/** The public institution directory (培训/评价机构目录); officials open a record with its history. */
export function InstitutionsPage({ me }: { me: Me | null }) {
  const t = useT();
  const { label } = useLabels();
  const [open, setOpen] = useState<string | null>(null);
  const { data, error } = useData<ApiGet<'/api/institutions'>>('/api/institutions');
  // Stars and the credit grade are public (never the score's evidence): the directory shows them to everyone.
  const ratings = useData<ApiGet<'/api/public/institution-ratings'>>('/api/public/institution-ratings');
  const rating = new Map((ratings.data ?? []).map((r) => [r.credit_code, r]));
  const detail = useData<ApiGet<'/api/institutions/{code}'>>(open ? `/api/institutions/${open}` : null);
  const official = me && ['province_admin', 'city_officer', 'department_officer'].includes(me.role);
  return (
    <>
      {official && (
        <Space style={{ marginBottom: 16 }}>
          <Button href="/api/institutions.xlsx">{t('导出 XLSX')}</Button>
        </Space>
      )}
      {error && <Alert type="error" message={error} />}
      <CardTable
        size="small"
        rowKey="credit_code"
        dataSource={data ?? []}
        onRow={(r) => ({ onClick: () => me && setOpen(r.credit_code), style: { cursor: me ? 'pointer' : undefined } })}
        columns={[
          { title: t('名称'), dataIndex: 'name' },
          {
            title: t('资质'),
            dataIndex: 'roles',
            render: (rs: string[]) => rs.map((r) => <Tag key={r}>{label('institutionRole', r)}</Tag>),
          },
          { title: t('所在城市'), dataIndex: 'city_name' },
          {
            title: t('星级'),
            key: 'stars',
            render: (_: unknown, i: Institution) => {
              const stars = rating.get(i.credit_code)?.stars ?? null;
              return stars === null ? (
                <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('暂无星级')}</span>
              ) : (
                <span role="img" aria-label={`${stars} ${t('星')}`} data-testid="institution-stars">
                  <Rate disabled value={stars} style={{ fontSize: 13 }} />
                </span>
              );
            },
          },
          {
            title: t('信用等级'),
            key: 'credit',
            render: (_: unknown, i: Institution) => {
              const grade = rating.get(i.credit_code)?.credit_grade;
              return grade ? (
                <Tooltip title={t('信用等级按信用分数分档公布：A ≥ 90，B ≥ 80，C ≥ 70，D 低于 70')}>
                  <Tag color={GRADE_COLORS[grade]} data-testid="institution-credit">
                    {label('creditGrade', grade)}
                  </Tag>
                </Tooltip>
              ) : null;
            },
          },
          { title: t('入目录日期'), dataIndex: 'listed_from' },
          {
            title: t('黑名单'),
            dataIndex: 'blacklisted_from',
            render: (d: string | null) => (d ? <Tag color="red">{d}</Tag> : null),
          },
          { title: t('统一社会信用代码'), dataIndex: 'credit_code', render: (c: string) => <Code>{c}</Code> },
        ]}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} width="min(560px, 100vw)" title={detail.data?.name}>
        {detail.error && <Alert type="error" message={detail.error} />}
        {detail.data && (
          <>
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('统一社会信用代码')}>
                <Code>{detail.data.credit_code}</Code>
              </Descriptions.Item>
              <Descriptions.Item label={t('类型')}>{label('institutionType', detail.data.type)}</Descriptions.Item>
              <Descriptions.Item label={t('入目录日期')}>{detail.data.listed_from}</Descriptions.Item>
              {detail.data.listed_until && (
                <Descriptions.Item label={t('目录有效期至')}>
                  {detail.data.listed_until}
                  {detail.data.review_due_on ? ` · ${t('年度复核')} ${detail.data.review_due_on}` : ''}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('在训容量')}>
                {detail.data.capacity === null ? t('未登记') : detail.data.capacity.toLocaleString('zh-CN')}
              </Descriptions.Item>
            </Descriptions>
            <h4 style={{ marginTop: 16 }}>{t('变更记录')}</h4>
            <History entries={detail.data.history} />
          </>
        )}
      </Drawer>
    </>
  );
}
