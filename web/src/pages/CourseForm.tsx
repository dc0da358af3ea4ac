import { Alert, type ButtonProps, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import type { ApiGet, Me, Schemas } from '../api.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { nameFirst, OccupationSelect } from './Pickers.tsx';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

type Course = Schemas['LearningCourse'];
export const LEVELS = ['L5', 'L4', 'L3', 'L2', 'L1'];

/**
 * 新建/修改在线课程: title, description, access (free to all, or one of the owner's projects),
 * occupation and level by name. The owner follows the signed-in user; institution staff say
 * whether it is the institution's or its 技工院校's (on creation only: an owner never changes).
 */
export function CourseFormModal({
  me,
  course,
  onClose,
}: {
  me: Me;
  /** The course to edit; none: a new one. */
  course?: Course;
  onClose: (saved: Course | null) => void;
}) {
  const t = useT();
  const { options } = useLabels();
  const [v, setV] = useState({
    title: course?.title ?? '',
    description: course?.description ?? '',
    ownerKind: course?.ownerKind ?? 'institution',
    access: course?.access ?? 'public',
    projectCode: course?.projectCode ?? null,
    occupationCode: course?.occupationCode ?? null,
    level: course?.level ?? null,
  });
  const projects = useData<ApiGet<'/api/projects'>>(v.access === 'project' ? '/api/projects?limit=200' : null);
  const act = useAction();
  const save = async () => {
    const { ownerKind, ...body } = { ...v, projectCode: v.access === 'project' ? v.projectCode : null };
    const saved = course
      ? await act.run<Course>(`/api/learning/courses/${course.id}`, body, 'PUT')
      : await act.run<Course>('/api/learning/courses', { ...body, ownerKind });
    if (saved) onClose(saved);
  };
  return (
    <Modal
      open
      title={course ? t('修改课程') : t('新建在线课程')}
      onCancel={() => onClose(null)}
      okText={t('保存')}
      okButtonProps={{ disabled: !v.title.trim() || !v.occupationCode, 'data-testid': 'course-save' } as ButtonProps}
      confirmLoading={act.busy}
      onOk={save}
    >
      <Form layout="vertical" data-testid="course-form">
        <Form.Item label={t('课程名称')} required>
          <Input
            value={v.title}
            maxLength={200}
            onChange={(e) => setV({ ...v, title: e.target.value })}
            data-testid="course-title"
          />
        </Form.Item>
        <Form.Item label={t('课程简介')}>
          <Input.TextArea
            value={v.description}
            maxLength={2000}
            rows={3}
            onChange={(e) => setV({ ...v, description: e.target.value })}
          />
        </Form.Item>
        {!course && me.role === 'institution_staff' && (
          <Form.Item label={t('开课单位')}>
            <Radio.Group
              value={v.ownerKind}
              onChange={(e) => setV({ ...v, ownerKind: e.target.value })}
              options={options('courseOwner', ['institution', 'college'])}
            />
          </Form.Item>
        )}
        <Form.Item label={t('学习范围')}>
          <Radio.Group
            value={v.access}
            onChange={(e) => setV({ ...v, access: e.target.value })}
            options={options('courseAccess', ['public', 'project'])}
            data-testid="course-access"
          />
        </Form.Item>
        {v.access === 'project' && (
          <Form.Item label={t('培训项目')} required extra={t('只有报名该项目的学员可以学习')}>
            <Select
              {...nameFirst}
              value={v.projectCode}
              onChange={(p) => setV({ ...v, projectCode: p })}
              placeholder={t('选择本机构的培训项目')}
              loading={projects.loading}
              options={(projects.data?.items ?? []).map((p) => ({
                value: p.project_code,
                label: p.title,
                hint: p.project_code,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('职业（工种）')} required>
          <OccupationSelect
            value={v.occupationCode ?? undefined}
            onChange={(o) => setV({ ...v, occupationCode: o })}
            data-testid="course-occupation"
          />
        </Form.Item>
        <Form.Item label={t('等级')}>
          <Select
            allowClear
            value={v.level}
            onChange={(l) => setV({ ...v, level: l ?? null })}
            placeholder={t('不限等级')}
            options={options('level', LEVELS)}
          />
        </Form.Item>
      </Form>
      {act.error && <Alert type="error" message={act.error} data-testid="course-error" />}
    </Modal>
  );
}
