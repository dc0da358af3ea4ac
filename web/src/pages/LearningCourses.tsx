import { Alert, Button, Card, Empty, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ApiGet, Me, Schemas } from '../api.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { CardTable } from './CardTable.tsx';
import { CourseFormModal } from './CourseForm.tsx';
import { CourseModules } from './CourseModules.tsx';
import { ModuleFormModal } from './ModuleForm.tsx';
import { duration } from './Learning.tsx';
import { useData } from './useData.ts';

type CourseProgress = ApiGet<'/api/learning/courses/{id}/progress'>;
type Learner = CourseProgress['learners'][number];
type Course = Schemas['LearningCourse'];
type Module = Schemas['LearningModule'];
/** The form open: a course (new or edited) or a module (new or edited). */
type Editing = { course: 'new' | Course } | { module: 'new' | Module } | null;

/**
 * 在线课程 for an owner (institution, college, enterprise, the province's 江苏工匠课堂): its courses,
 * to create and edit (modules, files, quizzes, order, retirement), and for the one chosen each
 * learner's valid time and completion in each module.
 */
export function LearningCoursesPage({ me }: { me: Me }) {
  const t = useT();
  const { label } = useLabels();
  const list = useData<ApiGet<'/api/learning/courses'>>('/api/learning/courses');
  const { data: courses, error } = list;
  const [chosen, setChosen] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const courseId = chosen ?? courses?.[0]?.id ?? null;
  const course = courses?.find((c) => c.id === courseId) ?? null;
  const progressData = useData<CourseProgress>(courseId ? `/api/learning/courses/${courseId}/progress` : null);
  const progress = progressData.data;
  const changed = () => {
    list.reload();
    progressData.reload();
  };
  const closed = (saved: Course | null) => {
    setEditing(null);
    if (!saved) return;
    setChosen(saved.id);
    changed();
  };
  return (
    <div data-testid="learning-courses">
      {error && <Alert type="error" message={error} />}
      <Space wrap style={{ marginBottom: 12, width: '100%' }}>
        {courses && courses.length > 0 && (
          <Select
            style={{ width: 'min(480px, calc(100vw - 48px))' }}
            value={courseId}
            onChange={setChosen}
            options={courses.map((c) => ({ value: c.id, label: c.title }))}
            data-testid="learning-course-select"
          />
        )}
        <Button type="primary" onClick={() => setEditing({ course: 'new' })} data-testid="course-new">
          {t('新建课程')}
        </Button>
      </Space>
      {courses && courses.length === 0 && <Empty description={t('暂无在线课程')} />}
      {course && (
        <Card
          size="small"
          style={{ marginBottom: 12 }}
          title={<span style={{ whiteSpace: 'normal' }}>{course.title}</span>}
          extra={
            <Button size="small" onClick={() => setEditing({ course })} data-testid="course-edit">
              {t('修改课程')}
            </Button>
          }
          data-testid="course-card"
        >
          <Space wrap size={4} style={{ marginBottom: 8 }}>
            <Tag color={course.access === 'public' ? 'green' : 'blue'}>{label('courseAccess', course.access)}</Tag>
            <Tag>{course.ownerName ?? label('courseOwner', course.ownerKind)}</Tag>
            <Tag>{label('occupation', course.occupationCode)}</Tag>
            {course.level && <Tag>{label('level', course.level)}</Tag>}
          </Space>
          {course.description && <Typography.Paragraph type="secondary">{course.description}</Typography.Paragraph>}
          <CourseModules course={course} onChanged={changed} onEdit={(m) => setEditing({ module: m })} />
          <Button style={{ marginTop: 8 }} onClick={() => setEditing({ module: 'new' })} data-testid="module-new">
            {t('添加模块')}
          </Button>
        </Card>
      )}
      {editing && 'course' in editing && (
        <CourseFormModal me={me} course={editing.course === 'new' ? undefined : editing.course} onClose={closed} />
      )}
      {editing && 'module' in editing && course && (
        <ModuleFormModal
          course={course}
          module={editing.module === 'new' ? undefined : editing.module}
          onClose={closed}
        />
      )}
      {courses && courses.length > 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          {progress && progress.course.id === courseId && (
            <Card size="small" title={t('学员学习进度')}>
              <Typography.Paragraph type="secondary">
                {progress.course.ownerName ?? label('courseOwner', progress.course.ownerKind)} ·{' '}
                {label('occupation', progress.course.occupationCode)} · {t('模块')} {progress.course.modules.length}
              </Typography.Paragraph>
              <CardTable
                size="small"
                rowKey="idMasked"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={progress.learners}
                data-testid="learning-progress-table"
                columns={[
                  { title: t('姓名'), dataIndex: 'personName' },
                  { title: t('身份证号'), dataIndex: 'idMasked' },
                  ...progress.course.modules.map((m, i) => ({
                    title: `${m.n}. ${m.title}`,
                    render: (_: unknown, l: Learner) => {
                      const p = l.modules[i]!;
                      return (
                        <Space size={4} wrap>
                          <span>
                            {duration(p.validSeconds)} / {duration(p.requiredSeconds)}
                          </span>
                          {p.quizPassed !== null && (
                            <Tag color={p.quizPassed ? 'green' : 'default'}>
                              {p.quizPassed ? t('测验通过') : t('测验未过')}
                            </Tag>
                          )}
                          {p.completed && <Tag color="success">{t('已完成')}</Tag>}
                        </Space>
                      );
                    },
                  })),
                  { title: t('核验未通过'), dataIndex: 'checksFailed' },
                ]}
              />
            </Card>
          )}
        </Space>
      )}
    </div>
  );
}
