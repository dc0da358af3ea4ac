import { WhyButton } from './WhyButton.tsx';
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  message,
} from 'antd';
import { useState } from 'react';
import { ApiError, client, type ApiGet, type ApiPostBody, type Item, type Schemas } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';
import { useLabels } from '../labels.ts';
import { FilterNote, useListFilter, withQuery } from './ListFilter.tsx';
import { OccupationSelect, PersonSearch, type PersonMatch } from './Pickers.tsx';
import { dayText } from '../china-time.ts';
import type { Dayjs } from 'dayjs';

type Candidate = Schemas['AssessmentCandidate'];
/** One candidate's result as sent, less the person (the edits are keyed by person). */
type Result = Omit<Item<ApiPostBody<'/api/assessments/{id}/results'>['results']>, 'personKey'>;
/** The scheduling form's values: the date is a dayjs and the pasted ID numbers one text, both reshaped before sending. */
type NewAssessment = Omit<ApiPostBody<'/api/assessments'>, 'scheduledOn' | 'idNumbers' | 'personKeys'> & {
  scheduledOn: Dayjs;
  idNumbers?: string;
};

function Results({ id, onDone }: { id: string; onDone: () => void }) {
  const t = useT();
  const { data, loading, reload } = useData<ApiGet<'/api/assessments/{id}'>>(`/api/assessments/${id}`);
  const [edits, setEdits] = useState<Record<string, Result>>({});
  const row = (c: Candidate): Result =>
    edits[c.person_key] ?? {
      theoryScore: c.theory_score ?? 0,
      practicalScore: c.practical_score ?? 0,
      passed: !!c.passed,
    };
  const set = (c: Candidate, patch: Partial<Result>) =>
    setEdits((e) => ({ ...e, [c.person_key]: { ...row(c), ...patch } }));
  const submit = async () => {
    try {
      const results = Object.entries(edits).map(([personKey, r]) => ({ personKey, ...r }));
      const { data: out } = await client.POST('/api/assessments/{id}/results', {
        params: { path: { id } },
        body: { results },
      });
      message.success(`${t('已发证')} ${out?.issued.length ?? 0}`);
      setEdits({});
      reload();
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.zh : String(e));
    }
  };
  return (
    <>
      <Table
        size="small"
        rowKey="person_key"
        pagination={false}
        dataSource={data?.candidates ?? []}
        loading={loading}
        data-testid="candidates"
        columns={[
          { title: t('姓名'), dataIndex: 'name' },
          { title: t('身份证号'), dataIndex: 'id_masked' },
          {
            title: '理论',
            render: (_: unknown, c: Candidate) => (
              <InputNumber
                size="small"
                min={0}
                max={100}
                disabled={!!c.certificate_no}
                value={row(c).theoryScore}
                onChange={(v) => set(c, { theoryScore: v ?? 0 })}
                aria-label="theory"
              />
            ),
          },
          {
            title: '实操',
            render: (_: unknown, c: Candidate) => (
              <InputNumber
                size="small"
                min={0}
                max={100}
                disabled={!!c.certificate_no}
                value={row(c).practicalScore}
                onChange={(v) => set(c, { practicalScore: v ?? 0 })}
                aria-label="practical"
              />
            ),
          },
          {
            title: '合格',
            render: (_: unknown, c: Candidate) => (
              <Checkbox
                disabled={!!c.certificate_no}
                checked={row(c).passed}
                onChange={(e) => set(c, { passed: e.target.checked })}
                aria-label="passed"
              />
            ),
          },
          {
            title: '证书',
            dataIndex: 'certificate_no',
            render: (no: string | null) =>
              no && (
                <Space>
                  <span data-testid="issued-no">{no}</span>
                  <a href={`/api/certificates/${no}/pdf`} target="_blank" rel="noreferrer">
                    PDF
                  </a>
                </Space>
              ),
          },
        ]}
      />
      <WhyButton
        type="primary"
        style={{ marginTop: 12 }}
        why={!Object.keys(edits).length && t('请先为考生录入成绩')}
        onClick={submit}
      >
        {t('提交成绩并发证')}
      </WhyButton>
    </>
  );
}

/** 考核评价 (evaluation institutions): schedule, record results, issue certificates. */
export function AssessmentsPage() {
  const t = useT();
  const { label, options } = useLabels();
  // 待录成绩 on the home page opens ?status=scheduled.
  const filter = useListFilter(['status']);
  const { data, loading, error, reload } = useData<ApiGet<'/api/assessments'>>(
    withQuery('/api/assessments', filter.query),
  );
  const [open, setOpen] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [picked, setPicked] = useState<PersonMatch[]>([]);
  const [form] = Form.useForm<NewAssessment>();
  const create = async (v: NewAssessment) => {
    // One ID a line: the server's refusal names the lines as they stand in the box.
    const idNumbers = (v.idNumbers ?? '').split(/\r?\n/);
    if (!picked.length && !idNumbers.some((l) => l.trim())) return setFormError(`${t('请选择或粘贴考生')}`);
    try {
      setFormError(null);
      const { data: r } = await client.POST('/api/assessments', {
        body: {
          ...v,
          scheduledOn: dayText(v.scheduledOn),
          idNumbers,
          personKeys: picked.map((p) => p.personKey),
        },
      });
      reload();
      setPicked([]);
      form.resetFields(['idNumbers']);
      if (r) setOpen(r.id);
    } catch (e) {
      setFormError(e instanceof ApiError ? `${e.zh} / ${e.en}` : String(e));
    }
  };
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Form
        form={form}
        layout="inline"
        onFinish={create}
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={{ kind: 'skill_level', level: 'L4' }}
      >
        <Form.Item name="occupationCode" label={t('职业')} rules={[{ required: true }]}>
          <OccupationSelect style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="kind" label="类别">
          <Select
            style={{ width: 150 }}
            options={options('certificateKind', ['skill_level', 'special_ability', 'training'])}
          />
        </Form.Item>
        <Form.Item name="level" label="等级">
          <Select style={{ width: 150 }} allowClear options={options('level', ['L5', 'L4', 'L3', 'L2', 'L1'])} />
        </Form.Item>
        <Form.Item name="scheduledOn" label="日期" rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item label={t('考生')} style={{ width: '100%' }}>
          <Space wrap align="start">
            <PersonSearch
              value={null}
              onChange={(p) => p && !picked.some((x) => x.personKey === p.personKey) && setPicked([...picked, p])}
              style={{ width: 300 }}
            />
            {picked.map((p) => (
              <Tag
                key={p.personKey}
                closable
                onClose={() => setPicked(picked.filter((x) => x.personKey !== p.personKey))}
                style={{ marginTop: 5 }}
              >
                {p.name} {p.idMasked}
              </Tag>
            ))}
          </Space>
        </Form.Item>
        <Form.Item name="idNumbers" label={t('考生身份证号（粘贴，每行一个）')}>
          <Input.TextArea rows={3} style={{ width: 300, fontFamily: 'monospace' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('安排考核')}
        </Button>
      </Form>
      {formError && <Alert type="error" message={formError} style={{ marginBottom: 12 }} />}
      <FilterNote
        text={filter.values.status ? label('assessmentStatus', filter.values.status) : null}
        onClear={filter.clear}
      />
      <Table
        data-testid="assessments-table"
        size="small"
        rowKey="id"
        dataSource={data ?? []}
        loading={loading}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('职业'), dataIndex: 'occupation_name' },
          { title: '类别', dataIndex: 'kind', render: (k: string) => label('certificateKind', k) },
          { title: '等级', dataIndex: 'level', render: (l: string | null) => label('level', l) },
          { title: '日期', dataIndex: 'scheduled_on' },
          { title: '考生', dataIndex: 'candidates' },
          { title: t('已发证'), dataIndex: 'issued' },
        ]}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} width={760} title={t('录入成绩')}>
        {open && <Results id={open} onDone={reload} />}
      </Drawer>
    </>
  );
}
