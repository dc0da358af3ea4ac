import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Typography,
} from 'antd';
import { useContext, useState } from 'react';
import type { Me } from '../api.ts';
import type { ApiGet, ApiPostBody, Item } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { num } from '../format.ts';
import { CardTable } from './CardTable.tsx';
import { CarrierUpload } from './CarrierUpload.tsx';
import { percent } from './pace-scale.ts';
import { Forecast, Gap } from './PaceViews.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Board = ApiGet<'/api/programmes/board'>;
type ProgrammeRow = Item<Board['programmes']>;
type CarrierRow = Item<Board['carriers']>;
type HolderRow = Item<Board['holders']>;

/** The three figures every programme and carrier row shows, counted from the KPI's facts of its projects. */
function useFigureColumns<
  T extends { projects: number; subsidized_trainings: number; new_certificates: number; new_high_skill: number },
>() {
  const t = useT();
  const { label } = useLabels();
  return [
    { title: t('项目数'), dataIndex: 'projects', align: 'right' as const, render: (n: number) => num(n) },
    {
      title: label('indicator', 'subsidized_trainings'),
      dataIndex: 'subsidized_trainings',
      align: 'right' as const,
      sorter: (a: T, b: T) => a.subsidized_trainings - b.subsidized_trainings,
      render: (n: number) => num(n),
    },
    {
      title: label('indicator', 'new_certificates'),
      dataIndex: 'new_certificates',
      align: 'right' as const,
      render: (n: number) => num(n),
    },
    {
      title: label('indicator', 'new_high_skill'),
      dataIndex: 'new_high_skill',
      align: 'right' as const,
      render: (n: number) => num(n),
    },
  ];
}

/**
 * 专项计划与载体: progress by the annex's programmes, by carrier and by each "N" target holder
 * (1+13+N), and the plan's yearly numbers (省级工匠, 评价资源). The province registers carriers and
 * holders and sets the holders' yearly targets here; projects are tagged on their own page.
 */
export function ProgrammesPage({ me }: { me: Me | null }) {
  const t = useT();
  const { label } = useLabels();
  const { lang } = useContext(LangContext);
  const { data, error, reload } = useData<Board>('/api/programmes/board');
  const province = me?.role === 'province_admin';
  const figures = useFigureColumns<ProgrammeRow>();
  const carrierFigures = useFigureColumns<CarrierRow>();
  const [section, setSection] = useState('programmes');
  const sections = [
    { value: 'programmes', label: t('按专项计划') },
    { value: 'carriers', label: t('按培训载体') },
    ...(me?.role === 'city_officer' ? [] : [{ value: 'holders', label: t('按目标承担单位（N）') }]),
  ];
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="plan-yearly">
        {(data?.planYearly ?? []).map((p) => (
          <Col xs={24} md={12} key={p.code}>
            <Card size="small" title={`${p.year} · ${lang === 'en' ? p.en : p.zh}`}>
              <Space wrap size="large">
                <Statistic title={t('年度目标')} value={p.target} />
                <Statistic title={t('已完成')} value={p.actual === null ? t('平台暂无记录') : num(p.actual)} />
                {p.pace && <Statistic title={t('按期进度')} value={percent(p.pace.progress)} />}
              </Space>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                {t('依据')}：“{p.source}” {t('统计口径')}：{p.counted.split(' / ')[lang === 'en' ? 1 : 0]}
              </Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
      <Segmented
        value={section}
        onChange={(v) => setSection(String(v))}
        options={sections}
        style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
        data-testid="programme-sections"
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t(
          '自行动方案起（2025-01-01）累计，与三项指标同一口径；一个项目可标注多个专项计划，各计划之和可大于全省合计。',
        )}
      </Typography.Paragraph>
      {section === 'programmes' && (
        <CardTable<ProgrammeRow>
          size="small"
          rowKey="code"
          data-testid="programmes-table"
          dataSource={data?.programmes ?? []}
          loading={!data && !error}
          pagination={{ pageSize: 30 }}
          columns={[
            { title: t('专项计划'), dataIndex: 'name', render: (_: string, r) => label('programme', r.code) },
            { title: t('重点任务'), dataIndex: 'keyTask', render: (k: number) => label('keyTask', k) },
            ...figures,
          ]}
        />
      )}
      {section === 'carriers' && (
        <>
          {province && <NewCarrier onDone={reload} />}
          {province && <CarrierUpload onDone={reload} />}
          <CardTable<CarrierRow>
            size="small"
            rowKey="id"
            data-testid="carriers-table"
            dataSource={data?.carriers ?? []}
            loading={!data && !error}
            pagination={{ pageSize: 30 }}
            columns={[
              { title: t('培训载体'), dataIndex: 'name' },
              { title: t('类型'), dataIndex: 'kind', render: (k: string) => label('carrierKind', k) },
              { title: t('城市'), dataIndex: 'cityName' },
              { title: t('牵头单位'), dataIndex: 'owner' },
              { title: t('成员企业'), dataIndex: 'members', align: 'right', render: (n: number) => num(n) },
              ...carrierFigures,
            ]}
          />
        </>
      )}
      {section === 'holders' && <Holders rows={data?.holders ?? []} province={province} onDone={reload} />}
    </>
  );
}

/** The province registers a carrier; member enterprises one per line (信用代码，名称 or a name). */
function NewCarrier({ onDone }: { onDone: () => void }) {
  const t = useT();
  const { options } = useLabels();
  const action = useAction(onDone);
  const [form] = Form.useForm();
  const submit = async (v: { kind: string; name: string; cityCode: string; owner: string; members?: string }) => {
    const members = (v.members ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [a, b] = l.split(/[,，]\s*/);
        return b ? { enterpriseKey: a!, enterpriseName: b } : { enterpriseName: a! };
      });
    const body = {
      kind: v.kind,
      name: v.name,
      cityCode: v.cityCode,
      owner: v.owner,
      members,
    } as ApiPostBody<'/api/carriers'>;
    if (await action.run('/api/carriers', body)) form.resetFields();
  };
  return (
    <Card size="small" title={t('登记培训载体')} style={{ marginBottom: 12 }}>
      {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="carrier-form">
        <Row gutter={12}>
          <Col xs={24} md={6}>
            <Form.Item name="kind" label={t('类型')} rules={[{ required: true, message: t('请选择类型') }]}>
              <Select options={options('carrierKind')} data-testid="carrier-kind" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="name" label={t('名称')} rules={[{ required: true, message: t('请填写名称') }]}>
              <Input data-testid="carrier-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="cityCode" label={t('城市')} rules={[{ required: true, message: t('请选择城市') }]}>
              <Select options={options('city')} data-testid="carrier-city" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="owner" label={t('牵头单位')} rules={[{ required: true, message: t('请填写牵头单位') }]}>
              <Input data-testid="carrier-owner" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="members" label={t('成员企业（每行一家：信用代码，名称；或只写名称）')}>
          <Input.TextArea rows={2} data-testid="carrier-members" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={action.busy} data-testid="carrier-submit">
          {t('登记')}
        </Button>
      </Form>
    </Card>
  );
}

/** The N holders' yearly targets with their pace (the board's rule); the province adds holders and sets targets. */
function Holders({ rows, province, onDone }: { rows: HolderRow[]; province: boolean; onDone: () => void }) {
  const t = useT();
  const { label } = useLabels();
  return (
    <>
      {province && <HolderForms onDone={onDone} />}
      <CardTable<HolderRow>
        size="small"
        rowKey={(r) => `${r.holderId}/${r.indicator}`}
        data-testid="holders-table"
        dataSource={rows}
        pagination={{ pageSize: 30 }}
        locale={{ emptyText: t('尚未设定目标承担单位的本年度目标') }}
        columns={[
          { title: t('目标承担单位'), dataIndex: 'name' },
          { title: t('类型'), dataIndex: 'kind', render: (k: string) => label('holderKind', k) },
          { title: t('领域'), dataIndex: 'sector', render: (s: string) => label('sector', s) },
          {
            title: t('统计口径'),
            dataIndex: 'basis',
            render: (b: string, r) => (b === 'carrier' ? `${t('载体项目')}：${r.carrierName}` : t('所属领域')),
          },
          { title: t('指标项'), dataIndex: 'indicator', render: (i: string) => label('indicator', i) },
          { title: `${t('本年累计')}`, dataIndex: 'actual', align: 'right', render: (n: number) => num(n) },
          { title: t('年度目标'), dataIndex: 'target', align: 'right', render: (n: number) => num(n) },
          {
            title: t('按期进度'),
            key: 'pace',
            sorter: (a, b) => a.progress - b.progress,
            render: (_: unknown, r) => percent(r.progress),
          },
          { title: t('距按期差距（人）'), key: 'gap', render: (_: unknown, r) => <Gap gap={r.gap} /> },
          { title: t('预计完成'), key: 'forecast', render: (_: unknown, r) => <Forecast p={r} /> },
        ]}
      />
    </>
  );
}

function HolderForms({ onDone }: { onDone: () => void }) {
  const t = useT();
  const { options } = useLabels();
  const holders = useData<ApiGet<'/api/holders'>>('/api/holders');
  const carriers = useData<ApiGet<'/api/carriers'>>('/api/carriers');
  const action = useAction(() => {
    holders.reload();
    onDone();
  });
  const [addForm] = Form.useForm();
  const [targetForm] = Form.useForm();
  const year = new Date().getFullYear();
  return (
    <Row gutter={12} style={{ marginBottom: 12 }}>
      {action.error && (
        <Col span={24}>
          <Alert type="error" message={action.error} style={{ marginBottom: 8 }} />
        </Col>
      )}
      <Col xs={24} md={12}>
        <Card size="small" title={t('新增目标承担单位')}>
          <Form
            form={addForm}
            layout="vertical"
            data-testid="holder-form"
            onFinish={async (v) => {
              if (
                await action.run('/api/holders', {
                  ...v,
                  carrierId: v.carrierId ?? null,
                } as ApiPostBody<'/api/holders'>)
              )
                addForm.resetFields();
            }}
          >
            <Form.Item name="kind" label={t('类型')} rules={[{ required: true, message: t('请选择类型') }]}>
              <Select options={options('holderKind')} data-testid="holder-kind" />
            </Form.Item>
            <Form.Item name="name" label={t('名称')} rules={[{ required: true, message: t('请填写名称') }]}>
              <Input data-testid="holder-name" />
            </Form.Item>
            <Form.Item name="sector" label={t('领域')} rules={[{ required: true, message: t('请选择领域') }]}>
              <Select options={options('sector')} data-testid="holder-sector" />
            </Form.Item>
            <Form.Item name="carrierId" label={t('培训载体（按载体项目统计；不选则按领域统计）')}>
              <Select allowClear options={(carriers.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={action.busy} data-testid="holder-submit">
              {t('添加目标承担单位')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('设定年度目标')}>
          <Form
            form={targetForm}
            layout="vertical"
            data-testid="holder-target-form"
            initialValues={{ year, indicator: 'subsidized_trainings' }}
            onFinish={(v) => action.run('/api/holders/targets', v as ApiPostBody<'/api/holders/targets'>)}
          >
            <Form.Item
              name="holderId"
              label={t('目标承担单位')}
              rules={[{ required: true, message: t('请选择目标承担单位') }]}
            >
              <Select
                options={(holders.data ?? []).map((h) => ({ value: h.id, label: h.name }))}
                data-testid="target-holder"
              />
            </Form.Item>
            <Space wrap>
              <Form.Item name="indicator" label={t('指标项')}>
                <Select style={{ minWidth: 160 }} options={options('indicator')} />
              </Form.Item>
              <Form.Item name="year" label={t('年度')}>
                <Select options={[2025, 2026, 2027].map((y) => ({ value: y, label: `${y}` }))} />
              </Form.Item>
              <Form.Item name="value" label={t('目标值')} rules={[{ required: true, message: t('请填写目标值') }]}>
                <InputNumber min={0} data-testid="target-value" />
              </Form.Item>
            </Space>
            <Button type="primary" htmlType="submit" loading={action.busy} data-testid="target-submit">
              {t('保存')}
            </Button>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}
