import { Alert, type ButtonProps, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { LEVELS } from './CourseForm.tsx';
import { OccupationSelect } from './Pickers.tsx';
import { type QuestionDraft, QuizEditor, questionProblem } from './QuizEditor.tsx';
import { useAction } from './useAction.ts';

type Course = Schemas['LearningCourse'];
type Module = Schemas['LearningModule'];
type Question = Schemas['LearningOwnerQuestion'];

/**
 * 添加/修改课程模块: a video, document or quiz module with its occupation and level by name, the
 * standard's competency units it covers, its duration, and quiz questions (a quiz needs one; a
 * video or document may carry some). A module's kind is fixed once added; its questions are
 * replaced as a whole when saved.
 */
export function ModuleFormModal({
  course,
  module,
  onClose,
}: {
  course: Course;
  /** The module to edit; none: a new one. */
  module?: Module;
  onClose: (saved: Course | null) => void;
}) {
  const t = useT();
  const { options } = useLabels();
  const [v, setV] = useState({
    kind: module?.kind ?? 'video',
    title: module?.title ?? '',
    occupationCode: module?.occupationCode ?? course.occupationCode,
    level: module?.level ?? course.level,
    competencyUnits: module?.competencyUnits ?? [],
    minutes: module ? Math.max(1, Math.round(module.durationSeconds / 60)) : 10,
  });
  const [questions, setQuestions] = useState<QuestionDraft[]>([]);
  // Editing: the questions with their answers (only the owner reads them).
  useEffect(() => {
    if (module && module.questionCount > 0)
      api<Question[]>(`/api/learning/modules/${module.id}/questions`).then((qs) =>
        setQuestions(qs.map(({ prompt, choices, answer }) => ({ prompt, choices, answer }))),
      );
  }, [module]);
  const act = useAction();
  const problem = !v.title.trim()
    ? '请填写模块名称'
    : v.kind === 'quiz' && questions.length === 0
      ? '测验模块至少需要一道题'
      : (questions.map(questionProblem).find(Boolean) ?? null);
  const save = async () => {
    const body = {
      title: v.title,
      occupationCode: v.occupationCode,
      level: v.level,
      competencyUnits: v.competencyUnits,
      durationSeconds: v.minutes * 60,
      questions,
    };
    const saved = module
      ? await act.run<Course>(`/api/learning/modules/${module.id}`, body, 'PUT')
      : await act.run<Course>(`/api/learning/courses/${course.id}/modules`, { ...body, kind: v.kind });
    if (saved) onClose(saved);
  };
  return (
    <Modal
      open
      width={640}
      title={module ? `${t('修改模块')} · ${module.title}` : t('添加模块')}
      onCancel={() => onClose(null)}
      okText={t('保存')}
      okButtonProps={{ disabled: !!problem, 'data-testid': 'module-save' } as ButtonProps}
      confirmLoading={act.busy}
      onOk={save}
    >
      <Form layout="vertical" data-testid="module-form">
        <Form.Item label={t('模块类型')}>
          <Radio.Group
            value={v.kind}
            disabled={!!module}
            onChange={(e) => setV({ ...v, kind: e.target.value })}
            options={options('moduleKind', ['video', 'document', 'quiz'])}
            optionType="button"
            data-testid="module-kind"
          />
        </Form.Item>
        <Form.Item label={t('模块名称')} required>
          <Input
            value={v.title}
            maxLength={200}
            onChange={(e) => setV({ ...v, title: e.target.value })}
            data-testid="module-title"
          />
        </Form.Item>
        <Form.Item label={t('职业（工种）')} required>
          <OccupationSelect value={v.occupationCode} onChange={(o) => setV({ ...v, occupationCode: o })} />
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
        <Form.Item label={t('覆盖的能力单元')} extra={t('按职业标准的能力单元名称填写，回车添加')}>
          <Select
            mode="tags"
            value={v.competencyUnits}
            onChange={(u) => setV({ ...v, competencyUnits: u })}
            open={false}
            tokenSeparators={['，', ',']}
            data-testid="module-units"
          />
        </Form.Item>
        <Form.Item label={t('时长（分钟）')} required extra={t('视频、文档按此时长计算完成所需的有效学时')}>
          <InputNumber
            min={1}
            max={24 * 60}
            precision={0}
            value={v.minutes}
            onChange={(m) => setV({ ...v, minutes: m ?? 1 })}
            data-testid="module-minutes"
          />
        </Form.Item>
        <Form.Item
          label={v.kind === 'quiz' ? t('测验题') : t('随堂测验（可选）')}
          extra={t('每题 2 至 6 个选项，只有一个正确答案；学员看不到答案')}
        >
          <QuizEditor value={questions} onChange={setQuestions} />
        </Form.Item>
      </Form>
      {problem && <Alert type="warning" message={t(problem)} style={{ marginBottom: 8 }} />}
      {act.error && <Alert type="error" message={act.error} data-testid="module-error" />}
    </Modal>
  );
}
