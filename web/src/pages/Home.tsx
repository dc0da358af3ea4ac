import { Alert, Card, Col, Row, Skeleton, Typography } from 'antd';
import { useContext } from 'react';
import { Link } from 'react-router-dom';
import type { Me } from '../api.ts';
import type { ApiGet, Item } from '../api/client.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useData } from './useData.ts';

type Todo = Item<ApiGet<'/api/me/todos'>>;

const num = (n: number) => n.toLocaleString('zh-CN');

/** One to-do: its name, a big number, what it counts, and the way to the list of exactly those. */
function TodoCard({ todo }: { todo: Todo }) {
  const { label } = useLabels();
  const idle = todo.count === 0;
  return (
    // Named by its label and number only: the hint below may repeat a menu entry's name (用工订单).
    <Link
      to={todo.link}
      aria-label={`${label('todo', todo.key)} ${todo.count}`}
      data-testid={`todo-${todo.key}`}
      data-count={todo.count}
      style={{ display: 'block', height: '100%' }}
    >
      <Card
        hoverable={!idle}
        size="small"
        style={{ height: '100%', background: idle ? '#fafafa' : undefined, borderColor: idle ? '#f0f0f0' : '#91caff' }}
        styles={{ body: { padding: '12px 16px' } }}
      >
        <div style={{ color: idle ? 'rgba(0,0,0,0.45)' : 'rgba(0,0,0,0.88)', fontSize: 15 }}>
          {label('todo', todo.key)}
        </div>
        <div
          style={{
            fontSize: 36,
            lineHeight: '44px',
            fontWeight: 600,
            color: idle ? 'rgba(0,0,0,0.25)' : '#1677ff',
            fontVariantNumeric: 'tabular-nums',
          }}
          data-testid="todo-count"
        >
          {num(todo.count)}
        </div>
        <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, minHeight: 20 }}>{label('todoHint', todo.key)}</div>
      </Card>
    </Link>
  );
}

/** 首页 = 我的待办: who I am and in what scope, then what waits for me, each card a link to its list. */
/** A department's scope in words: its sectors and key tasks, and the directories it publishes (each part only when it has one). */
function departmentScope(me: Me, t: (s: string) => string, label: ReturnType<typeof useLabels>['label']) {
  const parts = [
    me.sectors.length > 0 && `${t('领域')}：${me.sectors.map((s) => label('sector', s)).join('、')}`,
    me.keyTasks.length > 0 && `${t('重点任务')}：${me.keyTasks.map((k) => label('keyTask', k)).join('、')}`,
    me.directories.length > 0 && `${t('发布目录')}：${me.directories.map((d) => label('directory', d)).join('、')}`,
  ];
  return parts.filter(Boolean).join('；');
}

export function HomePage({ me }: { me: Me }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { label } = useLabels();
  const todos = useData<ApiGet<'/api/me/todos'>>('/api/me/todos');
  const scope =
    me.role === 'city_officer'
      ? `${t('城市')}：${me.cityName}`
      : me.role === 'institution_staff'
        ? `${t('机构')}：${me.institutionName}`
        : me.role === 'enterprise_staff'
          ? `${t('企业')}：${me.enterpriseName}`
          : me.role === 'department_officer'
            ? departmentScope(me, t, label)
            : me.role === 'worker'
              ? t('本人记录')
              : me.role === 'holder_officer'
                ? `${t('本单位')}：${me.holderName ?? ''}`
                : t('全省');
  const waiting = (todos.data ?? []).filter((x) => x.count > 0).length;
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('欢迎')}
          {lang === 'en' ? ', ' : '，'}
          {me.displayName}
        </Typography.Title>
        <Typography.Text type="secondary">
          {lang === 'en' ? me.roleName.en : me.roleName.zh} · {t('权限范围')}
          {lang === 'en' ? ': ' : '：'}
          <span data-testid="scope">{scope}</span>
        </Typography.Text>
      </Card>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('我的待办')}
      </Typography.Title>
      {todos.error && <Alert type="error" message={todos.error} />}
      {!todos.data && !todos.error && <Skeleton active paragraph={{ rows: 3 }} />}
      {todos.data && (
        <>
          {waiting === 0 && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('眼下没有等您处理的事项，一切就绪。')}
              data-testid="nothing-waits"
            />
          )}
          <Row gutter={[12, 12]} data-testid="todos">
            {todos.data.map((x) => (
              <Col key={x.key} xs={12} sm={12} md={8} xl={6}>
                <TodoCard todo={x} />
              </Col>
            ))}
          </Row>
        </>
      )}
    </>
  );
}
