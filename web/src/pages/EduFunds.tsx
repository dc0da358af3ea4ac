import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Upload,
  message,
} from 'antd';
import { useContext, useState } from 'react';
import type { ApiGet, ApiPost, Item, Me } from '../api.ts';
import { Code } from '../Code.tsx';
import { dateTime, num, yuan } from '../format.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { ParameterSources, PLAN_YEARS } from './Colleges.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';
import { WhyButton } from './WhyButton.tsx';

type Fund = Item<ApiGet<'/api/edufunds'>['funds']>;
type UploadResult = ApiPost<'/api/edufunds/uploads'>;
type RowError = Item<UploadResult['errors']>;

const FINDINGS: Record<string, { zh: string; color: string }> = {
  BELOW_FRONT_LINE_SHARE: { zh: '一线占比不足', color: 'red' },
  NO_SPENDING: { zh: '当年未使用', color: 'orange' },
};
/** The upload's columns by the names on the Chinese template (the server reports the column's code). */
const COLUMN_NAMES: Record<string, string> = {
  enterprise_credit_code: '统一社会信用代码',
  year: '年度',
  extracted_yuan: '提取额',
  front_line_yuan: '一线职工培训',
  management_yuan: '管理和专业技术人员培训',
  other_yuan: '其他',
};
const thisYear = () => Math.min(Math.max(new Date().getFullYear(), 2025), 2027);

/** The rows an upload refused, each with its line, column and reason in the reader's language. */
function RowErrors({ errors }: { errors: RowError[] }) {
  const t = useT();
  return (
    <Table
      size="small"
      rowKey={(e) => `${e.line}/${e.column}/${e.reason}`}
      dataSource={errors}
      pagination={{ pageSize: 10, showSizeChanger: false }}
      data-testid="edufund-row-errors"
      scroll={{ x: 560 }}
      columns={[
        { title: t('行'), dataIndex: 'line', width: 60 },
        { title: t('列'), dataIndex: 'column', width: 160, render: (c: string) => t(COLUMN_NAMES[c] ?? c) },
        { title: t('原因'), render: (_: unknown, e: RowError) => <UploadReason e={e} /> },
      ]}
    />
  );
}
function UploadReason({ e }: { e: RowError }) {
  const { lang } = useContext(LangContext);
  return <>{lang === 'en' ? e.en : e.zh}</>;
}

/** 填报与上传: an enterprise (its own) or a department (its sectors' enterprises) reports a year's fund. */
function ReportForms({ me, year, onDone }: { me: Me; year: number; onDone: () => void }) {
  const t = useT();
  const [code, setCode] = useState(me.role === 'enterprise_staff' ? (me.enterpriseCode ?? '') : '');
  const [v, setV] = useState<Record<'extracted' | 'front' | 'management' | 'other', number | null>>({
    extracted: null,
    front: null,
    management: null,
    other: null,
  });
  const act = useAction(onDone);
  const upload = useAction(onDone);
  const [result, setResult] = useState<UploadResult | null>(null);
  const missing = !code || Object.values(v).some((x) => x === null);
  const fen = (x: number | null) => Math.round((x ?? 0) * 100);
  const field = (key: keyof typeof v, name: string) => (
    <Form.Item label={t(name)} style={{ marginBottom: 0 }}>
      <InputNumber
        aria-label={t(name)}
        min={0}
        precision={2}
        style={{ width: 150 }}
        value={v[key]}
        onChange={(x) => setV((o) => ({ ...o, [key]: x }))}
      />
    </Form.Item>
  );
  return (
    <>
      <Card size="small" title={t('填报职工教育经费（元）')} data-testid="edufund-form" style={{ marginBottom: 16 }}>
        <Space wrap align="end">
          <Form.Item label={t('统一社会信用代码')} style={{ marginBottom: 0 }}>
            <Input
              aria-label={t('统一社会信用代码')}
              style={{ width: 200 }}
              value={code}
              disabled={me.role === 'enterprise_staff'}
              onChange={(e) => setCode(e.target.value.trim())}
            />
          </Form.Item>
          {field('extracted', '提取额')}
          {field('front', '一线职工培训')}
          {field('management', '管理和专业技术人员培训')}
          {field('other', '其他')}
          <WhyButton
            type="primary"
            why={missing && t('请先填写企业和各项金额')}
            loading={act.busy}
            onClick={async () => {
              const r = await act.run(
                '/api/edufunds',
                {
                  enterpriseCode: code,
                  year,
                  extractedFen: fen(v.extracted),
                  frontLineFen: fen(v.front),
                  managementFen: fen(v.management),
                  otherFen: fen(v.other),
                },
                'PUT',
              );
              if (r) message.success(t('已保存'));
            }}
          >
            {t('保存')}
          </WhyButton>
        </Space>
        {act.error && <Alert type="error" style={{ marginTop: 12 }} message={act.error} />}
      </Card>
      <Card size="small" title={t('上传文件（CSV 或 XLSX）')} data-testid="edufund-upload" style={{ marginBottom: 16 }}>
        <p style={{ marginTop: 0 }}>
          {t(
            '列：统一社会信用代码、年度、提取额、一线职工培训、管理和专业技术人员培训、其他（单位元；列名也可用英文代码）；有误的行逐行说明原因，其余照收。',
          )}
        </p>
        <Upload
          accept=".csv,.xlsx"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            f.arrayBuffer().then(async (buf) => {
              let bin = '';
              const bytes = new Uint8Array(buf);
              for (let i = 0; i < bytes.length; i += 0x8000)
                bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
              setResult(
                await upload.run<UploadResult>('/api/edufunds/uploads', { fileName: f.name, contentBase64: btoa(bin) }),
              );
            });
            return false;
          }}
        >
          <Button>{t('选择并上传文件')}</Button>
        </Upload>
        {result && (
          <Tag
            color={result.errors.length ? 'orange' : 'green'}
            style={{ marginLeft: 12 }}
            data-testid="edufund-upload-result"
          >
            {t('接收')} {result.rowsAccepted} / {result.rowsTotal}
          </Tag>
        )}
        {upload.error && <Alert type="error" style={{ marginTop: 12 }} message={upload.error} />}
        {result && result.errors.length > 0 && <RowErrors errors={result.errors} />}
      </Card>
    </>
  );
}

/**
 * 职工教育经费: each enterprise's fund for a year, the front-line share against the plan's 70 %, and the
 * training the platform recorded for its employees; the list of those below, by department, as XLSX.
 */
export function EduFundsPage({ me }: { me: Me }) {
  const t = useT();
  const { label } = useLabels();
  const [year, setYear] = useState(thisYear());
  const [onlyBelow, setOnlyBelow] = useState(false);
  const { data, error, loading, reload } = useData<ApiGet<'/api/edufunds'>>(`/api/edufunds?year=${year}`);
  const uploads = useData<ApiGet<'/api/edufunds/uploads'>>(me.role === 'city_officer' ? null : '/api/edufunds/uploads');
  const funds = (data?.funds ?? []).filter((f) => !onlyBelow || f.finding);
  const below = (data?.funds ?? []).filter((f) => f.finding).length;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {t('年度')}
        <Select
          aria-label={t('年度')}
          value={year}
          onChange={setYear}
          style={{ width: 100 }}
          options={PLAN_YEARS.map((y) => ({ value: y, label: `${y}` }))}
        />
        <Switch checked={onlyBelow} onChange={setOnlyBelow} aria-label={t('只看占比不足')} /> {t('只看占比不足')}
        <a href={`/api/edufunds/below.xlsx?year=${year}`} download>
          <Button>{t('下载占比不足名单 XLSX')}</Button>
        </a>
      </Space>
      {error && <Alert type="error" message={error} />}
      {data && below > 0 && (
        <Alert
          type="warning"
          style={{ marginBottom: 12 }}
          data-testid="edufund-below-count"
          message={`${below} ${t('家企业一线职工培训占比低于要求')}`}
        />
      )}
      {me.role !== 'city_officer' && (
        <ReportForms
          me={me}
          year={year}
          onDone={() => {
            reload();
            uploads.reload();
          }}
        />
      )}
      <Table
        size="small"
        rowKey="enterpriseCode"
        loading={loading}
        dataSource={funds}
        data-testid="edufunds-table"
        scroll={{ x: 1200 }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          {
            title: t('企业'),
            dataIndex: 'name',
            width: 180,
            render: (n: string, f: Fund) => (
              <>
                {n}
                <br />
                <Code>{f.enterpriseCode}</Code>
              </>
            ),
          },
          { title: t('主管领域'), dataIndex: 'sector', render: (s: string) => label('sector', s) },
          { title: t('城市'), dataIndex: 'cityCode', render: (c: string) => label('city', c) },
          { title: t('提取额'), dataIndex: 'extractedFen', render: (f: number) => yuan(f) },
          { title: t('使用合计'), dataIndex: 'spentFen', render: (f: number) => yuan(f) },
          { title: t('一线职工培训'), dataIndex: 'frontLineFen', render: (f: number) => yuan(f) },
          {
            title: t('一线占比'),
            dataIndex: 'frontLineShareBp',
            render: (bp: number | null) => (bp === null ? '—' : `${num(bp / 100, 2)}%`),
          },
          {
            title: t('核查'),
            dataIndex: 'finding',
            render: (f: Fund['finding']) =>
              f ? <Tag color={FINDINGS[f]!.color}>{t(FINDINGS[f]!.zh)}</Tag> : <Tag color="green">{t('达标')}</Tag>,
          },
          { title: t('在册职工'), dataIndex: 'employeesRecorded' },
          { title: t('平台培训人数'), dataIndex: 'employeesTrained' },
          { title: t('结业人数'), dataIndex: 'employeesCompleted' },
          { title: t('填报时间'), dataIndex: 'reportedAt', render: (d: string) => dateTime(d) },
        ]}
      />
      {uploads.data && uploads.data.length > 0 && (
        <Card size="small" title={t('上传记录')} style={{ marginTop: 16 }}>
          <Table
            size="small"
            rowKey="id"
            dataSource={uploads.data}
            pagination={{ pageSize: 5, showSizeChanger: false }}
            scroll={{ x: 600 }}
            expandable={{
              expandedRowRender: (u) => <RowErrors errors={u.errors} />,
              rowExpandable: (u) => u.errors.length > 0,
            }}
            columns={[
              { title: t('文件'), dataIndex: 'fileName' },
              { title: t('时间'), dataIndex: 'uploadedAt', render: (d: string) => dateTime(d) },
              { title: t('行数'), dataIndex: 'rowsTotal' },
              { title: t('接收'), dataIndex: 'rowsAccepted' },
            ]}
          />
        </Card>
      )}
      {data && <ParameterSources parameters={data.parameters} testId="edufund-parameters" />}
    </>
  );
}
