import { Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Schemas } from '../api/client.ts';
import { Code } from '../Code.tsx';
import { date, dateTime, num } from '../format.ts';
import { useT } from '../i18n.ts';
import { type Dictionary, useLabels } from '../labels.ts';

/** One audit entry of a record, as the person and institution details send it. */
export type HistoryEntry = Schemas['RecordHistoryEntry'];

/** A snapshot's fields (the audit log keeps each side as a JSON object, or nothing). */
const fieldsOf = (x: unknown): Record<string, unknown> =>
  x && typeof x === 'object' ? (x as Record<string, unknown>) : {};

/** The fields of person and institution records as people call them; `null` = internal, not shown. */
const FIELDS: Record<string, string | null> = {
  name: '名称',
  phone: '电话',
  groups: '群体',
  id_masked: '身份证号',
  person_key: null,
  id_enc: null,
  birth_date: null,
  insured_as_of: '参保截至',
  insured_months: '参保月数',
  city_code: '所在城市',
  type: '类型',
  roles: '资质',
  credit_code: '统一社会信用代码',
  listed_from: '入目录日期',
  blacklisted_from: '列入黑名单日期',
  sanction: '处理',
  reason: '原因',
  on: '日期',
  // An institution's training sites (场所), recorded in its history.
  site: '场所编号',
  address: '地址',
  lat: '纬度',
  lon: '经度',
};

/** What a history entry is about when it is not the record itself (an institution's site). */
const ENTITIES: Record<string, string> = { site: '培训场所' };

/** Values that are codes of a dictionary. */
const CODED: Record<string, Dictionary> = {
  groups: 'group',
  city_code: 'city',
  type: 'institutionType',
  roles: 'institutionRole',
  sanction: 'sanction',
};

/** What was done, in words: `person.create` → 新建, `institution.sanction.warning` → 处理：警告. */
function useActionName() {
  const t = useT();
  const { label } = useLabels();
  return (action: string): ReactNode => {
    const [entity, verb, detail] = action.split('.');
    const what = ENTITIES[entity] ? ` · ${t(ENTITIES[entity])}` : '';
    if (verb === 'create') return `${t('新建')}${what}`;
    if (verb === 'update') return `${t('修改')}${what}`;
    if (verb === 'sanction' && detail) return `${t('处理')}：${label('sanction', detail)}`;
    return <Code>{action}</Code>;
  };
}

/** A record's change history from the audit log: who changed what, when, before → after, in words. */
/** `role:username` as the audit log writes it → 省级管理员 nanjing; the platform itself → 系统. */
export function useActorName(): (a: string) => string {
  const t = useT();
  const { label } = useLabels();
  return (a: string) => {
    const [role, username] = a.includes(':') ? a.split(':', 2) : ['', a];
    const who = username === 'system' || username.startsWith('system') ? t('系统') : username;
    return role ? `${label('role', role)} ${who}` : who;
  };
}

export function History({ entries }: { entries: HistoryEntry[] }) {
  const t = useT();
  const { label } = useLabels();
  const actionName = useActionName();
  const actor = useActorName();
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    const dictionary = CODED[field];
    if (Array.isArray(v)) return v.length ? v.map((x) => show(field, x)).join('、') : '—';
    if (dictionary) return label(dictionary, String(v));
    if (typeof v === 'boolean') return t(v ? '是' : '否');
    if (typeof v === 'number') return field === 'lat' || field === 'lon' ? v.toFixed(6) : num(v, 2);
    if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}/.test(v) ? date(v) : v;
    return JSON.stringify(v);
  };
  if (!entries.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Timeline
      data-testid="history"
      items={entries.map((e) => {
        const before = fieldsOf(e.before);
        const after = fieldsOf(e.after);
        const created = !e.before;
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
          (k) =>
            FIELDS[k] !== null &&
            JSON.stringify(before[k]) !== JSON.stringify(after[k]) &&
            !(created && (after[k] === null || after[k] === '')),
        );
        return {
          children: (
            <div>
              <Typography.Text strong>{dateTime(e.at)}</Typography.Text> · {actor(e.actor)} · {actionName(e.action)}
              {keys.map((k) => (
                <div key={k} style={{ fontSize: 12 }}>
                  {FIELDS[k] ? t(FIELDS[k]) : <Code>{k}</Code>}：
                  {!created && (
                    <>
                      <Typography.Text delete type="secondary">
                        {show(k, before[k])}
                      </Typography.Text>
                      {' → '}
                    </>
                  )}
                  {k === 'credit_code' ? <Code>{show(k, after[k])}</Code> : show(k, after[k])}
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}
