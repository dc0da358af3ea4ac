import { Alert, Card, Empty, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ApiGet } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { CardTable } from './CardTable.tsx';
import { duration } from './Learning.tsx';
import { useData } from './useData.ts';

type CourseProgress = ApiGet<'/api/learning/courses/{id}/progress'>;
type Learner = CourseProgress['learners'][number];

/**
 * 在线课程 for an owner (institution, college, enterprise, the province's 江苏工匠课堂): its courses
 * and, for the one chosen, each learner's valid time and completion in each module.
 */
export function LearningCoursesPage() {
  const t = useT();
  const { label } = useLabels();
  const { data: courses, error } = useData<ApiGet<'/api/learning/courses'>>('/api/learning/courses');
  const [chosen, setChosen] = useState<string | null>(null);
  const courseId = chosen ?? courses?.[0]?.id ?? null;
  const { data: progress } = useData<CourseProgress>(courseId ? `/api/learning/courses/${courseId}/progress` : null);
  return (
    <div data-testid="learning-courses">
      {error && <Alert type="error" message={error} />}
      {courses && courses.length === 0 && <Empty description={t('暂无在线课程')} />}
      {courses && courses.length > 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            style={{ width: '100%', maxWidth: 480 }}
            value={courseId}
            onChange={setChosen}
            options={courses.map((c) => ({ value: c.id, label: c.title }))}
            data-testid="learning-course-select"
          />
          {progress && (
            <Card
              size="small"
              title={<span style={{ whiteSpace: 'normal' }}>{progress.course.title}</span>}
              extra={<Tag>{label('courseAccess', progress.course.access)}</Tag>}
            >
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
