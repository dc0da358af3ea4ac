import { useContext, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import { api, ApiError } from '../api/client.ts';
import { Code } from '../Code.tsx';
import type { ApiGet, Item, Schemas } from '../api/client.ts';
import { date, dateTime } from '../format.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { ObjectionModal } from './ObjectionModal.tsx';
import { useData } from './useData.ts';

type Notice = Item<ApiGet<'/api/public/selection/notices'>>;
type Application = Schemas['SelectionApplication'];
type Submitted = Schemas['SelectionSubmitted'];
/** Where the applicant's browser keeps its number and key, so it can come back to its application. */
const STORE = 'jineng.selection';

const STATUS_COLOR: Record<string, string> = {
  submitted: 'blue',
  notice: 'gold',
  listed: 'green',
  not_passed: 'default',
  rejected: 'red',
};

/** Occupations and levels as names: 焊工（四级/中级工）. */
function Occupations({ list }: { list: { occupationCode: string; level?: string | null }[] }) {
  const { label } = useLabels();
  return (
    <Space wrap size={4}>
      {list.map((o) => (
        <Tag key={`${o.occupationCode}${o.level ?? ''}`}>
          {label('occupation', o.occupationCode)}
          {o.level ? `（${label('level', o.level)}）` : ''}
        </Tag>
      ))}
    </Space>
  );
}

/**
 * 遴选公示 (public, no sign-in, works on a phone): the institutions whose selection result is in its
 * notice period, with their score, and a way to lodge an objection the province then decides.
 */
export function SelectionNoticesPage() {
  const t = useT();
  const { label } = useLabels();
  const { data, error } = useData<ApiGet<'/api/public/selection/notices'>>('/api/public/selection/notices');
  const [objecting, setObjecting] = useState<Notice | null>(null);
  return (
    <div data-testid="selection-notices">
      <div style={{ color: '#666', marginBottom: 12 }}>
        {t('以下机构经专家评审达到遴选标准，拟列入培训机构目录，现予公示。如有异议，请在公示期内提出。')}
      </div>
      {error && <Alert type="error" message={error} />}
      {data && data.length === 0 && <Empty description={t('当前没有公示中的遴选结果')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(data ?? []).map((n) => (
          <Card
            key={n.id}
            size="small"
            title={<span style={{ whiteSpace: 'normal', wordBreak: 'break-all' }}>{n.name}</span>}
            extra={<b>{n.result.toFixed(2)}</b>}
            data-testid="selection-notice-card"
          >
            <div>
              {label('city', n.cityCode)} · {label('institutionType', n.type)} ·{' '}
              {n.roles.map((r) => label('institutionRole', r)).join('、')}
            </div>
            <div style={{ wordBreak: 'break-all' }}>
              {t('统一社会信用代码')}：<Code>{n.creditCode}</Code>
            </div>
            <div style={{ margin: '4px 0' }}>
              <Occupations list={n.occupations} />
            </div>
            <div>
              {t('公示期')}：{date(n.noticeFrom)} — {date(n.noticeUntil)}
            </div>
            <Button size="small" style={{ marginTop: 8 }} onClick={() => setObjecting(n)} data-testid="object">
              {t('提出异议')}
            </Button>
          </Card>
        ))}
      </Space>
      <ObjectionModal
        subject={objecting?.name ?? null}
        url={objecting && `/api/public/selection/notices/${objecting.id}/objections`}
        reasonLabel={t('异议理由（10–1000字）')}
        reasonMax={1000}
        contactLabel={t('联系方式（选填，仅核查人员可见）')}
        received={t('异议已收到，将由省人社厅核查处理')}
        onClose={() => setObjecting(null)}
      />
    </div>
  );
}

/** Fetches a document with the access key (a header, never in the address) and opens it. */
async function openOwnDocument(number: string, key: string, n: number) {
  const res = await fetch(`/api/public/selection/applications/${encodeURIComponent(number)}/documents/${n}`, {
    headers: { 'x-access-key': key },
  });
  if (!res.ok) return;
  window.open(URL.createObjectURL(await res.blob()), '_blank', 'noopener');
}

/** The applicant's own application: status, result, notice period, objections' answers, documents. */
export function ApplicationSummary({ app, accessKey }: { app: Application; accessKey?: string }) {
  const t = useT();
  const { label } = useLabels();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="selection-own">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('申请编号')}>
          <Code>{app.number}</Code>
        </Descriptions.Item>
        <Descriptions.Item label={t('机构名称')}>{app.name}</Descriptions.Item>
        <Descriptions.Item label={t('状态')}>
          <Tag color={STATUS_COLOR[app.status]}>{label('selectionStatus', app.status)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('提交时间')}>{dateTime(app.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('评审得分')}>{app.result === null ? '—' : app.result.toFixed(2)}</Descriptions.Item>
        {app.noticeFrom && (
          <Descriptions.Item label={t('公示期')}>
            {date(app.noticeFrom)} — {date(app.noticeUntil)}
          </Descriptions.Item>
        )}
        {app.listedOn && (
          <Descriptions.Item label={t('目录有效期')}>
            {date(app.listedOn)} — {date(app.listedUntil)}
          </Descriptions.Item>
        )}
        {app.decisionNote && <Descriptions.Item label={t('处理意见')}>{app.decisionNote}</Descriptions.Item>}
        <Descriptions.Item label={t('培训职业')}>
          <Occupations list={app.occupations} />
        </Descriptions.Item>
        <Descriptions.Item label={t('申请材料')}>
          <Space wrap>
            {app.documents.map((d) =>
              accessKey ? (
                <Button key={d.n} size="small" type="link" onClick={() => openOwnDocument(app.number, accessKey, d.n)}>
                  {d.fileName}
                </Button>
              ) : (
                <a
                  key={d.n}
                  href={`/api/selection/applications/${app.id}/documents/${d.n}`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {d.fileName}
                </a>
              ),
            )}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {app.objections.length > 0 && (
        <Card size="small" title={t('公示异议')}>
          {app.objections.map((o) => (
            <div key={o.id} style={{ marginBottom: 8 }}>
              <Tag>{label('selectionObjectionStatus', o.status)}</Tag> {o.reason}
              {o.answer && (
                <div style={{ color: '#666' }}>
                  {t('处理意见')}：{o.answer}
                </div>
              )}
            </div>
          ))}
        </Card>
      )}
    </Space>
  );
}

interface ApplyForm {
  creditCode: string;
  name: string;
  cityCode: string;
  type: string;
  roles: string[];
  sites: { name: string; address: string }[];
  occupations: { occupationCode: string; level?: string | null }[];
  teachers: { name: string; qualification: string }[];
  capacity: number;
  contactName: string;
  contactPhone: string;
}

/**
 * 遴选申请 (public): an institution not yet listed applies — credit code, sites, occupations and
 * levels, teachers, capacity, 1–3 documents — and is given an application number and an access key
 * (shown once; this browser remembers them) with which it follows its application.
 */
export function SelectionApplyPage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { options } = useLabels();
  const [form] = Form.useForm<ApplyForm>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const saved = (() => {
    try {
      return JSON.parse(localStorage.getItem(STORE) ?? 'null') as { number: string; key: string } | null;
    } catch {
      return null;
    }
  })();
  const [lookup, setLookup] = useState<{ number: string; key: string } | null>(saved);
  const [own, setOwn] = useState<Application | null>(null);
  const [fresh, setFresh] = useState<Submitted | null>(null);
  const [lookErr, setLookErr] = useState<string | null>(null);
  const say = (e: unknown) => (e instanceof ApiError ? `${lang === 'en' ? e.en : e.zh} (${e.code})` : String(e));

  const look = async (q: { number: string; key: string }) => {
    setLookErr(null);
    try {
      const app = await api<Application>(`/api/public/selection/applications/${encodeURIComponent(q.number.trim())}`, {
        headers: { 'x-access-key': q.key.trim() },
      });
      setOwn(app);
      setLookup(q);
      localStorage.setItem(STORE, JSON.stringify(q));
    } catch (e) {
      setOwn(null);
      setLookErr(say(e));
    }
  };

  const submit = async (v: ApplyForm) => {
    setErr(null);
    setBusy(true);
    try {
      const body = new FormData();
      body.append(
        'application',
        JSON.stringify({
          ...v,
          creditCode: (v.creditCode ?? '').trim().toUpperCase(),
          occupations: (v.occupations ?? []).map((o) => ({ occupationCode: o.occupationCode, level: o.level ?? null })),
        }),
      );
      for (const f of files) if (f.originFileObj) body.append('files', f.originFileObj, f.name);
      const done = await api<Submitted>('/api/public/selection/applications', { method: 'POST', body });
      setFresh(done);
      setOwn(done.application);
      const q = { number: done.number, key: done.accessKey };
      setLookup(q);
      localStorage.setItem(STORE, JSON.stringify(q));
      form.resetFields();
      setFiles([]);
    } catch (e) {
      setErr(say(e));
    } finally {
      setBusy(false);
    }
  };

  const listField = (name: 'sites' | 'teachers', fields: [string, string, string, string], testid: string) => (
    <Form.List name={name} initialValue={[{}]}>
      {(rows, { add, remove }) => (
        <>
          {rows.map((row) => (
            <Space key={row.key} wrap align="baseline" style={{ display: 'flex' }}>
              <Form.Item name={[row.name, fields[0]]} rules={[{ required: true, message: t('必填') }]}>
                <Input placeholder={t(fields[1])} style={{ width: 160 }} data-testid={`${testid}-a`} />
              </Form.Item>
              <Form.Item name={[row.name, fields[2]]} rules={[{ required: true, message: t('必填') }]}>
                <Input placeholder={t(fields[3])} style={{ width: 220 }} data-testid={`${testid}-b`} />
              </Form.Item>
              {rows.length > 1 && <Button onClick={() => remove(row.name)}>{t('删除')}</Button>}
            </Space>
          ))}
          <Button size="small" onClick={() => add({})} style={{ marginBottom: 12 }}>
            {t('添加一行')}
          </Button>
        </>
      )}
    </Form.List>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large" data-testid="selection-apply">
      <Card size="small" title={t('查询我的申请')}>
        {fresh && (
          <Alert
            type="success"
            style={{ marginBottom: 12 }}
            data-testid="selection-key"
            message={t('申请已提交。请妥善保存申请编号和访问码，凭此查询进度；访问码只显示这一次。')}
            description={
              <Typography.Text copyable={{ text: `${fresh.number} ${fresh.accessKey}` }}>
                {t('申请编号')}：<b>{fresh.number}</b> · {t('访问码')}：<b>{fresh.accessKey}</b>
              </Typography.Text>
            }
          />
        )}
        <Form
          layout="inline"
          initialValues={lookup ?? undefined}
          onFinish={(q: { number: string; key: string }) => look(q)}
          style={{ rowGap: 8, marginBottom: 12 }}
        >
          <Form.Item name="number" rules={[{ required: true, message: t('必填') }]}>
            <Input placeholder={t('申请编号')} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="key" rules={[{ required: true, message: t('必填') }]}>
            <Input.Password placeholder={t('访问码')} style={{ width: 220 }} />
          </Form.Item>
          <Button htmlType="submit">{t('查询')}</Button>
        </Form>
        {lookErr && <Alert type="error" message={lookErr} />}
        {own && <ApplicationSummary app={own} accessKey={lookup?.key} />}
      </Card>

      <Card size="small" title={t('提交遴选申请')}>
        <Typography.Paragraph type="secondary">
          {t('尚未列入目录的机构可在此申请。专家按公开的遴选标准评审，达标者公示期满无异议后列入培训机构目录。')}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 720 }}>
          <Form.Item name="creditCode" label={t('统一社会信用代码')} rules={[{ required: true, message: t('必填') }]}>
            <Input maxLength={18} data-testid="apply-credit-code" />
          </Form.Item>
          <Form.Item name="name" label={t('机构名称')} rules={[{ required: true, message: t('必填') }]}>
            <Input maxLength={100} data-testid="apply-name" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="cityCode" label={t('所在城市')} rules={[{ required: true, message: t('必填') }]}>
              <Select options={options('city')} style={{ width: 160 }} data-testid="apply-city" />
            </Form.Item>
            <Form.Item name="type" label={t('机构类型')} rules={[{ required: true, message: t('必填') }]}>
              <Select options={options('institutionType')} style={{ width: 200 }} data-testid="apply-type" />
            </Form.Item>
            <Form.Item name="capacity" label={t('在训容量')} rules={[{ required: true, message: t('必填') }]}>
              <InputNumber min={1} max={100000} precision={0} style={{ width: 140 }} data-testid="apply-capacity" />
            </Form.Item>
          </Space>
          <Form.Item name="roles" label={t('申请资质')} initialValue={['training']} rules={[{ required: true }]}>
            <Checkbox.Group options={options('institutionRole')} />
          </Form.Item>
          <Form.Item label={t('培训场所')} required>
            {listField('sites', ['name', '场所名称', 'address', '地址'], 'apply-site')}
          </Form.Item>
          <Form.Item label={t('培训职业与等级')} required>
            <Form.List name="occupations" initialValue={[{}]}>
              {(rows, { add, remove }) => (
                <>
                  {rows.map((row) => (
                    <Space key={row.key} wrap align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[row.name, 'occupationCode']} rules={[{ required: true, message: t('必填') }]}>
                        <Select
                          showSearch
                          optionFilterProp="label"
                          placeholder={t('职业（工种）')}
                          options={options('occupation')}
                          style={{ width: 220 }}
                          data-testid="apply-occupation"
                        />
                      </Form.Item>
                      <Form.Item name={[row.name, 'level']}>
                        <Select allowClear placeholder={t('等级')} options={options('level')} style={{ width: 160 }} />
                      </Form.Item>
                      {rows.length > 1 && <Button onClick={() => remove(row.name)}>{t('删除')}</Button>}
                    </Space>
                  ))}
                  <Button size="small" onClick={() => add({})} style={{ marginBottom: 12 }}>
                    {t('添加一行')}
                  </Button>
                </>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item label={t('师资')} required>
            {listField('teachers', ['name', '教师姓名', 'qualification', '资格（如：焊工高级技师）'], 'apply-teacher')}
          </Form.Item>
          <Space wrap>
            <Form.Item name="contactName" label={t('联系人')} rules={[{ required: true, message: t('必填') }]}>
              <Input maxLength={40} style={{ width: 160 }} data-testid="apply-contact" />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('联系电话')} rules={[{ required: true, message: t('必填') }]}>
              <Input maxLength={20} style={{ width: 180 }} data-testid="apply-phone" />
            </Form.Item>
          </Space>
          <Form.Item label={t('证明材料（1–3个PDF或JPEG/PNG图片，每个不超过5MB）')} required>
            <Upload
              multiple
              maxCount={3}
              accept=".pdf,.jpg,.jpeg,.png"
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles(fileList)}
            >
              <Button data-testid="apply-files">{t('选择文件')}</Button>
            </Upload>
          </Form.Item>
          {err && <Alert type="error" message={err} style={{ marginBottom: 12 }} data-testid="apply-error" />}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="apply-submit">
            {t('提交申请')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
