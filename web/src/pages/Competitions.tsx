import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { Me } from '../api.ts';
import type { ApiGet, ApiPostBody } from '../api/client.ts';
import { dayText } from '../china-time.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { OccupationSelect } from './Pickers.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Competition = ApiGet<'/api/competitions'>[number];
type Entry = ApiGet<'/api/competitions/{id}/entries'>[number];
type Promotion = ApiGet<'/api/promotions'>[number];

/**
 * 职业技能竞赛 (岗位练兵, 江苏工匠 contests): organisers announce contests, enter people, record
 * results; prize-winners can be put on the 江苏工匠 nomination list, and where the rule allows a
 * level promotion is proposed for the province to confirm (no certificate is issued here).
 */
export function CompetitionsPage({ me }: { me: Me | null }) {
  const t = useT();
  const { label } = useLabels();
  const list = useData<Competition[]>('/api/competitions');
  const [open, setOpen] = useState<Competition | null>(null);
  // A result may propose a promotion: the province's list is read again after each change.
  const [changes, setChanges] = useState(0);
  const province = me?.role === 'province_admin';
  return (
    <div data-testid="competitions">
      <NewCompetition me={me} onDone={list.reload} />
      {list.error && <Alert type="error" message={list.error} />}
      <Table
        size="small"
        rowKey="competition_id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="competition-table"
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('竞赛名称'), dataIndex: 'name' },
          { title: t('级别'), dataIndex: 'level', render: (v: string) => label('competitionLevel', v) },
          { title: t('主办单位'), dataIndex: 'organiser' },
          { title: t('城市'), dataIndex: 'city_name', render: (v: string | null) => v ?? '—' },
          { title: t('职业'), dataIndex: 'occupation_name' },
          {
            title: t('日期'),
            render: (_, c) => (c.starts_on === c.ends_on ? c.starts_on : `${c.starts_on} – ${c.ends_on}`),
          },
          { title: t('选手'), dataIndex: 'entrants' },
          { title: t('已出成绩'), dataIndex: 'results' },
          {
            title: '',
            render: (_, c) =>
              (c.may_manage || province) && (
                <Button size="small" onClick={() => setOpen(c)} data-testid="competition-open">
                  {t('选手与成绩')}
                </Button>
              ),
          },
        ]}
      />
      {open && (
        <Entries
          c={open}
          me={me}
          onChange={() => {
            list.reload();
            setChanges((n) => n + 1);
          }}
        />
      )}
      {province && <Promotions key={changes} />}
    </div>
  );
}

function NewCompetition({ me, onDone }: { me: Me | null; onDone: () => void }) {
  const t = useT();
  const { options } = useLabels();
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  const action = useAction(() => {
    form.resetFields();
    setOpen(false);
    onDone();
  });
  const defaultLevel =
    me?.role === 'city_officer' ? 'city' : me?.role === 'department_officer' ? 'industry' : 'province';
  if (!open)
    return (
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)} data-testid="competition-new">
        {t('登记竞赛')}
      </Button>
    );
  return (
    <Card size="small" title={t('登记竞赛')} style={{ marginBottom: 16 }} data-testid="competition-form">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ level: defaultLevel, cityCode: me?.cityCode ?? undefined, organiser: me?.displayName }}
        onFinish={(v) =>
          action.run('/api/competitions', {
            name: v.name ?? '',
            organiser: v.organiser ?? '',
            level: v.level,
            cityCode: v.cityCode ?? null,
            occupationCode: v.occupationCode ?? '',
            startsOn: v.days?.[0] ? dayText(v.days[0]) : '',
            endsOn: v.days?.[1] ? dayText(v.days[1]) : '',
          } satisfies ApiPostBody<'/api/competitions'>)
        }
      >
        <Space wrap align="start">
          <Form.Item name="name" label={t('竞赛名称')}>
            <Input style={{ width: 280 }} data-testid="competition-name" />
          </Form.Item>
          <Form.Item name="organiser" label={t('主办单位')}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="level" label={t('级别')}>
            <Select options={options('competitionLevel')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="cityCode" label={t('城市（市级竞赛）')}>
            <Select allowClear options={options('city')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="occupationCode" label={t('职业')}>
            <OccupationSelect style={{ width: 200 }} data-testid="competition-occupation" />
          </Form.Item>
          <Form.Item name="days" label={t('竞赛日期')}>
            <DatePicker.RangePicker />
          </Form.Item>
        </Space>
        {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={action.busy} data-testid="competition-submit">
            {t('登记')}
          </Button>
          <Button onClick={() => setOpen(false)}>{t('取消')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** One contest's entrants: enter a person, record a result, nominate a prize-winner. */
function Entries({ c, me, onChange }: { c: Competition; me: Me | null; onChange: () => void }) {
  const t = useT();
  const { label, options } = useLabels();
  const entries = useData<Entry[]>(`/api/competitions/${c.competition_id}/entries`);
  const reload = () => {
    entries.reload();
    onChange();
  };
  const add = useAction(reload);
  const result = useAction(reload);
  const nominate = useAction(reload);
  const [entrant, setEntrant] = useState({ idNumber: '', unit: '' });
  const [editing, setEditing] = useState<{
    entryId: string;
    rank: number | null;
    score: string;
    award: string | null;
  } | null>(null);
  const [nominated, setNominated] = useState<string[]>([]);
  const manage = c.may_manage;
  const mayNominate = me?.role === 'province_admin' || me?.role === 'city_officer' || me?.role === 'department_officer';
  return (
    <Card
      size="small"
      title={`${c.name} · ${t('选手与成绩')}`}
      style={{ marginTop: 16 }}
      data-testid="competition-entries"
    >
      {manage && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Input
            placeholder={t('选手身份证号')}
            value={entrant.idNumber}
            onChange={(e) => setEntrant({ ...entrant, idNumber: e.target.value })}
            style={{ width: 220 }}
            data-testid="entrant-id"
          />
          <Input
            placeholder={t('所在单位')}
            value={entrant.unit}
            onChange={(e) => setEntrant({ ...entrant, unit: e.target.value })}
            style={{ width: 220 }}
            data-testid="entrant-unit"
          />
          <Button
            onClick={async () => {
              if (await add.run(`/api/competitions/${c.competition_id}/entries`, entrant))
                setEntrant({ idNumber: '', unit: '' });
            }}
            data-testid="entrant-add"
          >
            {t('登记选手')}
          </Button>
        </Space>
      )}
      {[add.error, result.error, nominate.error].filter(Boolean).map((e) => (
        <Alert key={e} type="error" message={e} style={{ marginBottom: 8 }} />
      ))}
      <Table
        size="small"
        rowKey="entry_id"
        loading={entries.loading}
        dataSource={entries.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('名次'), dataIndex: 'rank', render: (v: number | null) => v ?? '—' },
          { title: t('姓名'), dataIndex: 'name' },
          { title: t('身份证号'), dataIndex: 'id_masked' },
          { title: t('所在单位'), dataIndex: 'unit' },
          { title: t('成绩'), dataIndex: 'score', render: (v: string | null) => v ?? '—' },
          { title: t('奖项'), dataIndex: 'award', render: (v: string | null) => (v ? label('award', v) : '—') },
          {
            title: t('晋升'),
            render: (_, e) =>
              e.promotion_status ? (
                <span data-testid="entry-promotion">
                  {label('level', e.from_level)} → {label('level', e.to_level)}{' '}
                  <Tag color={e.promotion_status === 'confirmed' ? 'green' : undefined}>
                    {label('promotionStatus', e.promotion_status)}
                  </Tag>
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: '',
            render: (_, e) => (
              <Space>
                {manage && e.rank === null && (
                  <Button
                    size="small"
                    onClick={() => setEditing({ entryId: e.entry_id, rank: null, score: '', award: null })}
                    data-testid="entry-result"
                  >
                    {t('登记成绩')}
                  </Button>
                )}
                {mayNominate && e.award && !nominated.includes(e.entry_id) && (
                  <Button
                    size="small"
                    onClick={async () => {
                      if (await nominate.run(`/api/competitions/${c.competition_id}/entries/${e.entry_id}/nominate`))
                        setNominated([...nominated, e.entry_id]);
                    }}
                    data-testid="entry-nominate"
                  >
                    {t('推荐江苏工匠')}
                  </Button>
                )}
                {nominated.includes(e.entry_id) && <Tag color="gold">{t('已推荐')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <Space wrap style={{ marginTop: 12 }} data-testid="result-form">
          <InputNumber
            min={1}
            placeholder={t('名次')}
            value={editing.rank}
            onChange={(v) => setEditing({ ...editing, rank: v })}
            data-testid="result-rank"
          />
          <Input
            placeholder={t('成绩（0–100）')}
            value={editing.score}
            onChange={(e) => setEditing({ ...editing, score: e.target.value })}
            style={{ width: 120 }}
            data-testid="result-score"
          />
          <Select
            allowClear
            placeholder={t('奖项')}
            value={editing.award}
            onChange={(v) => setEditing({ ...editing, award: v ?? null })}
            options={options('award')}
            style={{ width: 120 }}
            data-testid="result-award"
          />
          <Button
            type="primary"
            onClick={async () => {
              const body = {
                rank: editing.rank ?? 0,
                score: editing.score,
                award: editing.award,
              } satisfies ApiPostBody<'/api/competitions/{id}/entries/{entryId}/result'>;
              if (await result.run(`/api/competitions/${c.competition_id}/entries/${editing.entryId}/result`, body))
                setEditing(null);
            }}
            data-testid="result-submit"
          >
            {t('保存成绩')}
          </Button>
        </Space>
      )}
      <div style={{ color: 'rgba(0,0,0,0.55)', marginTop: 12 }}>
        {t('省级竞赛获一、二、三等奖者，按规则生成“晋升一级”记录，由省级人员确认；确认不发放证书。')}
      </div>
    </Card>
  );
}

/** 晋升记录 the province confirms or rejects. */
function Promotions() {
  const t = useT();
  const { label } = useLabels();
  const list = useData<Promotion[]>('/api/promotions');
  const decide = useAction(() => list.reload());
  const [notes, setNotes] = useState<Record<string, string>>({});
  return (
    <Card size="small" title={t('竞赛晋升记录')} style={{ marginTop: 16 }} data-testid="promotions">
      {decide.error && <Alert type="error" message={decide.error} style={{ marginBottom: 8 }} />}
      <Table
        size="small"
        rowKey="promotion_id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('竞赛'), dataIndex: 'competition_name' },
          { title: t('姓名'), dataIndex: 'name' },
          { title: t('身份证号'), dataIndex: 'id_masked' },
          { title: t('职业'), dataIndex: 'occupation_name' },
          { title: t('奖项'), dataIndex: 'award', render: (v: string | null) => (v ? label('award', v) : '—') },
          { title: t('晋升'), render: (_, p) => `${label('level', p.from_level)} → ${label('level', p.to_level)}` },
          { title: t('状态'), dataIndex: 'status', render: (v: string) => label('promotionStatus', v) },
          {
            title: '',
            render: (_, p) =>
              p.status === 'proposed' ? (
                <Space>
                  <Input
                    size="small"
                    placeholder={t('说明')}
                    value={notes[p.promotion_id] ?? ''}
                    onChange={(e) => setNotes({ ...notes, [p.promotion_id]: e.target.value })}
                    style={{ width: 140 }}
                  />
                  <Button
                    size="small"
                    type="primary"
                    onClick={() =>
                      decide.run(`/api/promotions/${p.promotion_id}/decision`, {
                        decision: 'confirmed',
                        note: notes[p.promotion_id] ?? '',
                      })
                    }
                    data-testid="promotion-confirm"
                  >
                    {t('确认晋升')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      decide.run(`/api/promotions/${p.promotion_id}/decision`, {
                        decision: 'rejected',
                        note: notes[p.promotion_id] ?? '',
                      })
                    }
                  >
                    {t('不予晋升')}
                  </Button>
                </Space>
              ) : (
                (p.note ?? '')
              ),
          },
        ]}
      />
    </Card>
  );
}
