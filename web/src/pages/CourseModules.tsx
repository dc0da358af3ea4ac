import { Alert, Button, List, Progress, Space, Tag, Typography } from 'antd';
import { useContext, useRef, useState } from 'react';
import type { Schemas } from '../api.ts';
import { LangContext, useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { duration } from './Learning.tsx';
import { useAction } from './useAction.ts';

type Course = Schemas['LearningCourse'];
type Module = Schemas['LearningModule'];

/** What a module's file may be (the server checks its first bytes too). */
const ACCEPT: Record<string, string> = { video: 'video/webm,video/mp4', document: 'application/pdf' };

/**
 * Uploads a file with its progress (fetch cannot report an upload's progress; XMLHttpRequest can).
 * Resolves with the server's refusal message, or null when stored.
 */
function uploadWithProgress(url: string, file: File, lang: string, onProgress: (percent: number) => void) {
  return new Promise<string | null>((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      if (xhr.status < 300) return resolve(null);
      try {
        const body = JSON.parse(xhr.responseText);
        resolve(lang === 'en' ? body.message_en : body.message);
      } catch {
        resolve(xhr.statusText);
      }
    };
    xhr.onerror = () => resolve(lang === 'en' ? 'Network error' : '网络错误，上传未完成');
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** One module's file: its state, and a button to upload (again) with a progress bar. */
function MediaUpload({ module, onDone }: { module: Module; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const input = useRef<HTMLInputElement>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setPercent(0);
    const refused = await uploadWithProgress(`/api/learning/modules/${module.id}/media`, file, lang, setPercent);
    setPercent(null);
    if (input.current) input.current.value = '';
    if (refused) setError(refused);
    else onDone();
  };
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }}>
      <Space wrap size={4}>
        {module.hasMedia ? (
          <Tag color="green" data-testid="module-media-ok">
            {t('文件已上传')}
          </Tag>
        ) : (
          <Tag color="orange">{t('未上传文件')}</Tag>
        )}
        <Button size="small" onClick={() => input.current?.click()} disabled={percent !== null}>
          {module.hasMedia ? t('重新上传') : module.kind === 'video' ? t('上传视频') : t('上传文档')}
        </Button>
        <input
          ref={input}
          type="file"
          hidden
          accept={ACCEPT[module.kind]}
          onChange={(e) => pick(e.target.files?.[0])}
          data-testid="module-file"
        />
      </Space>
      {percent !== null && <Progress percent={percent} size="small" data-testid="module-upload-progress" />}
      {error && <Alert type="error" message={error} showIcon />}
    </Space>
  );
}

/**
 * 课程内容: the modules in order, each with its kind, duration, file and quiz; the owner moves
 * them up or down, edits one, uploads its file, or retires it (learners no longer see a retired
 * module; their recorded time stays) and brings it back.
 */
export function CourseModules({
  course,
  onChanged,
  onEdit,
}: {
  course: Course;
  onChanged: () => void;
  onEdit: (m: Module) => void;
}) {
  const t = useT();
  const { label } = useLabels();
  const act = useAction(onChanged);
  const ids = course.modules.map((m) => m.id);
  const move = (i: number, by: -1 | 1) => {
    const order = [...ids];
    [order[i], order[i + by]] = [order[i + by]!, order[i]!];
    act.run(`/api/learning/courses/${course.id}/order`, { moduleIds: order });
  };
  return (
    <>
      {act.error && <Alert type="error" message={act.error} style={{ marginBottom: 8 }} />}
      <List
        size="small"
        dataSource={course.modules}
        locale={{ emptyText: t('还没有模块：添加视频、文档或测验') }}
        data-testid="course-modules"
        renderItem={(m, i) => (
          <List.Item data-testid="course-module" style={{ display: 'block', opacity: m.retired ? 0.6 : 1 }}>
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap size={6}>
                <Typography.Text strong>
                  {i + 1}. {m.title}
                </Typography.Text>
                <Tag>{label('moduleKind', m.kind)}</Tag>
                {m.retired && <Tag color="default">{t('已停用')}</Tag>}
              </Space>
              <Typography.Text type="secondary">
                {duration(m.durationSeconds)} · {label('occupation', m.occupationCode)}
                {m.level ? ` · ${label('level', m.level)}` : ''}
                {m.questionCount > 0 ? ` · ${t('测验')} ${m.questionCount} ${t('题')}` : ''}
                {m.competencyUnits.length > 0 ? ` · ${m.competencyUnits.join('、')}` : ''}
              </Typography.Text>
              {m.kind !== 'quiz' && <MediaUpload module={m} onDone={onChanged} />}
              <Space wrap size={4}>
                <Button size="small" disabled={i === 0 || act.busy} onClick={() => move(i, -1)} aria-label={t('上移')}>
                  ↑ {t('上移')}
                </Button>
                <Button
                  size="small"
                  disabled={i === ids.length - 1 || act.busy}
                  onClick={() => move(i, 1)}
                  aria-label={t('下移')}
                >
                  ↓ {t('下移')}
                </Button>
                <Button size="small" onClick={() => onEdit(m)} data-testid="module-edit">
                  {t('编辑')}
                </Button>
                <Button
                  size="small"
                  danger={!m.retired}
                  disabled={act.busy}
                  onClick={() => act.run(`/api/learning/modules/${m.id}/retire`, { retired: !m.retired })}
                >
                  {m.retired ? t('恢复') : t('停用')}
                </Button>
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </>
  );
}
