import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ApiGet, Item, Schemas } from '../api/client.ts';
import type { Me } from '../api.ts';
import { Code } from '../Code.tsx';
import { date, dateTime } from '../format.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { ApplicationSummary } from './SelectionPublic.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Row = Item<ApiGet<'/api/selection/applications'>>;
type Application = Schemas['SelectionApplication'];
type Criteria = Schemas['SelectionCriteria'];

const STATUS_COLOR: Record<string, string> = {
  submitted: 'blue',
  notice: 'gold',
  listed: 'green',
  not_passed: 'default',
  rejected: 'red',
};

/** The published criteria with their weights and numbers (what the experts score against). */
function CriteriaCard({ c }: { c: Criteria }) {
  const t = useT();
  return (
    <Card size="small" title={`${t('遴选标准')} · ${t('第')}${c.version}${t('版')}`} data-testid="selection-criteria">
      <Table
        size="small"
        pagination={false}
        rowKey="code"
        dataSource={c.criteria}
        columns={[
          { title: t('评分项'), dataIndex: 'zh' },
          { title: t('权重'), dataIndex: 'weight', render: (w: number) => `${w}%` },
        ]}
      />
      <div style={{ marginTop: 8, color: '#666' }}>
        {t('合格分')} {c.passMark} · {t('公示期')} {c.noticeDays} {t('天')} · {t('目录有效期')} {c.validityYears}{' '}
        {t('年')} · {t('年度复核')} {c.reviewMonths} {t('个月')} · {t('发布于')} {date(c.publishedAt)}
      </div>
    </Card>
  );
}

/** One application in a drawer: what it declares, the experts' declarations and scores, the objections, and the actions the user may take. */
function ApplicationDrawer({
  id,
  me,
  criteria,
  onClose,
}: {
  id: string;
  me: Me;
  criteria: Criteria[];
  onClose: () => void;
}) {
  const t = useT();
  const { label } = useLabels();
  const { data: app, error, reload } = useData<Application>(`/api/selection/applications/${id}`);
  const manages = me.role === 'province_admin' || me.role === 'city_officer';
  const province = me.role === 'province_admin';
  const { data: candidates } = useData<ApiGet<'/api/selection/expert-candidates'>>(
    manages ? '/api/selection/expert-candidates' : null,
  );
  const action = useAction(reload);
  const [experts, setExperts] = useState<string[]>([]);
  const [conflict, setConflict] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  const [scores, setScores] = useState<Record<string, number | null>>({});
  const [comment, setComment] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  if (!app) return error ? <Alert type="error" message={error} /> : null;
  const version = criteria.find((c) => c.version === app.criteriaVersion);
  const mine = app.experts.find((e) => e.username === me.username);
  const under = app.status === 'submitted';
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="selection-detail">
      <ApplicationSummary app={app} />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('统一社会信用代码')}>
          <Code>{app.creditCode}</Code>
        </Descriptions.Item>
        <Descriptions.Item label={t('城市')}>{label('city', app.cityCode)}</Descriptions.Item>
        <Descriptions.Item label={t('机构类型')}>{label('institutionType', app.type)}</Descriptions.Item>
        <Descriptions.Item label={t('申请资质')}>
          {app.roles.map((r) => label('institutionRole', r)).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label={t('在训容量')}>{app.capacity}</Descriptions.Item>
        <Descriptions.Item label={t('培训场所')}>
          {app.sites.map((s) => (
            <div key={s.name}>
              {s.name} · {s.address}
            </div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('师资')}>
          {app.teachers.map((x) => (
            <div key={`${x.name}${x.qualification}`}>
              {x.name} · {x.qualification}
            </div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('联系人')}>
          {app.contactName} · {app.contactPhone}
        </Descriptions.Item>
      </Descriptions>

      <Card size="small" title={t('评审专家')}>
        <Table
          size="small"
          pagination={false}
          rowKey="username"
          dataSource={app.experts}
          data-testid="selection-experts"
          columns={[
            { title: t('专家'), dataIndex: 'displayName' },
            {
              title: t('利益冲突'),
              render: (_: unknown, e: Application['experts'][number]) =>
                e.conflict === null ? (
                  t('未申报')
                ) : e.conflict ? (
                  <Tag color="red">{`${t('有冲突，回避')}${e.conflictNote ? `：${e.conflictNote}` : ''}`}</Tag>
                ) : (
                  t('无')
                ),
            },
            {
              title: t('评分'),
              render: (_: unknown, e: Application['experts'][number]) =>
                e.total === null ? '—' : `${e.total.toFixed(2)}（${dateTime(e.scoredAt)}）`,
            },
            { title: t('评审意见'), dataIndex: 'comment', render: (c: string | null) => c ?? '—' },
          ]}
        />
        {manages && under && (
          <Space wrap style={{ marginTop: 8 }}>
            <Select
              mode="multiple"
              style={{ minWidth: 260 }}
              placeholder={t('选择评审专家')}
              value={experts}
              onChange={setExperts}
              optionFilterProp="label"
              options={(candidates ?? []).map((c) => ({
                value: c.username,
                label: `${c.displayName}（${label('role', c.role)}${c.cityCode ? ` · ${label('city', c.cityCode)}` : ''}）`,
              }))}
              data-testid="selection-expert-picker"
            />
            <Button
              disabled={experts.length === 0}
              loading={action.busy}
              onClick={async () => {
                if (await action.run(`/api/selection/applications/${id}/experts`, { usernames: experts }))
                  setExperts([]);
              }}
              data-testid="selection-appoint"
            >
              {t('指派专家')}
            </Button>
          </Space>
        )}
      </Card>

      {mine && under && mine.conflict === null && (
        <Card size="small" title={t('利益冲突申报')} data-testid="selection-declare">
          <Radio.Group value={conflict} onChange={(e) => setConflict(e.target.value)}>
            <Radio value={false}>{t('与该机构无利益冲突')}</Radio>
            <Radio value={true}>{t('存在利益冲突（回避评分）')}</Radio>
          </Radio.Group>
          {conflict && (
            <Input.TextArea
              rows={2}
              style={{ marginTop: 8 }}
              placeholder={t('冲突说明（必填）')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
          <Button
            style={{ marginTop: 8 }}
            disabled={conflict === null}
            onClick={() =>
              action.run(`/api/selection/applications/${id}/conflict`, { conflict, note: note || undefined })
            }
          >
            {t('提交申报')}
          </Button>
        </Card>
      )}
      {mine && under && mine.conflict === false && mine.total === null && version && (
        <Card size="small" title={`${t('评分')}（${t('第')}${version.version}${t('版')}${t('遴选标准')}）`}>
          {version.criteria.map((k) => (
            <Space key={k.code} style={{ display: 'flex', marginBottom: 6 }} wrap>
              <span style={{ display: 'inline-block', minWidth: 180 }}>
                {k.zh}（{k.weight}%）
              </span>
              <InputNumber
                min={0}
                max={100}
                precision={0}
                value={scores[k.code] ?? null}
                onChange={(v) => setScores({ ...scores, [k.code]: v })}
                data-testid={`score-${k.code}`}
              />
            </Space>
          ))}
          <Input.TextArea
            rows={2}
            placeholder={t('评审意见（选填）')}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
          <Button
            type="primary"
            style={{ marginTop: 8 }}
            onClick={() =>
              action.run(`/api/selection/applications/${id}/scores`, { scores, comment: comment || undefined })
            }
            data-testid="selection-score"
          >
            {t('提交评分')}
          </Button>
        </Card>
      )}

      {app.objections.length > 0 && (
        <Card size="small" title={t('公示异议')}>
          {app.objections.map((o) => (
            <div key={o.id} style={{ marginBottom: 12 }}>
              <Tag>{label('selectionObjectionStatus', o.status)}</Tag> {o.reason}
              <div style={{ color: '#666' }}>
                {dateTime(o.filedAt)}
                {o.contact ? ` · ${o.contact}` : ''}
              </div>
              {o.answer && (
                <div>
                  {t('处理意见')}：{o.answer}
                </div>
              )}
              {province && o.status === 'open' && (
                <Space wrap style={{ marginTop: 4 }}>
                  <Input
                    placeholder={t('处理意见（必填）')}
                    style={{ width: 260 }}
                    value={answers[o.id] ?? ''}
                    onChange={(e) => setAnswers({ ...answers, [o.id]: e.target.value })}
                  />
                  {(['upheld', 'dismissed'] as const).map((outcome) => (
                    <Button
                      key={outcome}
                      danger={outcome === 'upheld'}
                      onClick={() =>
                        action.run(`/api/selection/applications/${id}/objections/${o.id}/decide`, {
                          outcome,
                          answer: answers[o.id] ?? '',
                        })
                      }
                    >
                      {t(outcome === 'upheld' ? '异议成立' : '异议不成立')}
                    </Button>
                  ))}
                </Space>
              )}
            </div>
          ))}
        </Card>
      )}

      {province && (under || app.status === 'notice') && (
        <Space wrap>
          {under && (
            <Popconfirm
              title={t('公布评审结果？达到合格分的进入公示，未达到的不予通过。')}
              onConfirm={() => action.run(`/api/selection/applications/${id}/publish`, {})}
            >
              <Button type="primary" data-testid="selection-publish">
                {t('公布评审结果')}
              </Button>
            </Popconfirm>
          )}
          {app.status === 'notice' && (
            <Popconfirm
              title={t('列入培训机构目录？列入后即可承接派单。')}
              onConfirm={() => action.run(`/api/selection/applications/${id}/list`)}
            >
              <Button type="primary" data-testid="selection-list">
                {t('列入目录')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
      {/* Beside the buttons, where the refusal of what was just pressed is read. */}
      {action.error && <Alert type="error" message={action.error} data-testid="selection-error" />}
      <Button onClick={onClose}>{t('关闭')}</Button>
    </Space>
  );
}

/**
 * 机构遴选 (officials): the applications in scope (the province all; a city its own) and those the
 * user was appointed to score; appoint experts, declare conflicts and score, publish the result,
 * decide objections and list. The criteria tab shows the published versions.
 */
export function SelectionPage({ me }: { me: Me }) {
  const t = useT();
  const { label, options } = useLabels();
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<string | null>(null);
  const q = status ? `?status=${status}` : '';
  const { data, error, loading, reload } = useData<ApiGet<'/api/selection/applications'>>(
    `/api/selection/applications${q}`,
  );
  const { data: criteria } = useData<Criteria[]>('/api/public/selection/criteria');
  return (
    <div data-testid="selection-page">
      <Tabs
        items={[
          {
            key: 'applications',
            label: t('遴选申请'),
            children: (
              <>
                <Select
                  allowClear
                  placeholder={t('全部状态')}
                  style={{ width: 200, marginBottom: 12 }}
                  value={status}
                  onChange={setStatus}
                  options={options('selectionStatus')}
                />
                {error && <Alert type="error" message={error} />}
                <Table
                  size="small"
                  rowKey="id"
                  loading={loading}
                  dataSource={data ?? []}
                  scroll={{ x: 900 }}
                  data-testid="selection-table"
                  onRow={(r: Row) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
                  columns={[
                    { title: t('申请编号'), dataIndex: 'number', render: (n: string) => <Code>{n}</Code> },
                    {
                      title: t('机构名称'),
                      render: (_: unknown, r: Row) => (
                        <span>
                          {r.name} {r.mine && <Tag color="purple">{t('待我评审')}</Tag>}
                        </span>
                      ),
                    },
                    { title: t('城市'), dataIndex: 'cityCode', render: (c: string) => label('city', c) },
                    {
                      title: t('状态'),
                      dataIndex: 'status',
                      render: (s: string) => <Tag color={STATUS_COLOR[s]}>{label('selectionStatus', s)}</Tag>,
                    },
                    {
                      title: t('专家评分'),
                      render: (_: unknown, r: Row) => `${r.scored} / ${r.experts}`,
                    },
                    {
                      title: t('评审得分'),
                      dataIndex: 'result',
                      render: (x: number | null) => (x === null ? '—' : x.toFixed(2)),
                    },
                    {
                      title: t('公示截止'),
                      dataIndex: 'noticeUntil',
                      render: (d: string | null) => (d ? date(d) : '—'),
                    },
                    {
                      title: t('待处理异议'),
                      dataIndex: 'openObjections',
                      render: (n: number) => (n ? <Tag color="red">{n}</Tag> : '—'),
                    },
                    { title: t('提交时间'), dataIndex: 'submittedAt', render: (d: string) => dateTime(d) },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'criteria',
            label: t('遴选标准'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text type="secondary">
                  {t('遴选标准由省人社厅发布，按版本保存；每份申请按提交时有效的版本评分。')}
                </Typography.Text>
                {(criteria ?? []).map((c) => (
                  <CriteriaCard key={c.version} c={c} />
                ))}
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        open={open !== null}
        width={Math.min(720, window.innerWidth)}
        title={t('遴选申请详情')}
        onClose={() => {
          setOpen(null);
          reload();
        }}
        destroyOnHidden
      >
        {open && (
          <ApplicationDrawer
            id={open}
            me={me}
            criteria={criteria ?? []}
            onClose={() => {
              setOpen(null);
              reload();
            }}
          />
        )}
      </Drawer>
    </div>
  );
}
