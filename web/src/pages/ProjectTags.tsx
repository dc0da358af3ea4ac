import { Alert, Button, Card, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import type { ApiGet, ApiPostBody } from '../api/client.ts';
import { useT } from '../i18n.ts';
import { useLabels } from '../labels.ts';
import { useAction } from './useAction.ts';
import { useData } from './useData.ts';

/**
 * 专项计划与载体标注 on a project's page: the project's city (or the province) sets which of the
 * annex's programmes it serves and the carriers it runs at, at dispatch or any time after; audited.
 */
export function ProjectTags({ code }: { code: string }) {
  const t = useT();
  const { label, options } = useLabels();
  const tags = useData<ApiGet<'/api/projects/{code}/tags'>>(`/api/projects/${code}/tags`);
  const carriers = useData<ApiGet<'/api/carriers'>>('/api/carriers');
  const [edit, setEdit] = useState<{ programmes: string[]; carriers: string[] } | null>(null);
  const action = useAction(() => {
    setEdit(null);
    tags.reload();
  });
  if (!tags.data) return null;
  const carrierName = (id: string) => carriers.data?.find((c) => c.id === id)?.name ?? t('其他城市的载体');
  return (
    <Card size="small" title={t('专项计划与载体标注')} style={{ marginBottom: 16 }} data-testid="project-tags">
      {action.error && <Alert type="error" message={action.error} style={{ marginBottom: 8 }} />}
      {edit ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            mode="multiple"
            style={{ width: '100%' }}
            placeholder={t('专项计划')}
            value={edit.programmes}
            onChange={(v) => setEdit({ ...edit, programmes: v })}
            options={options('programme')}
            optionFilterProp="label"
            data-testid="tag-programmes"
          />
          <Select
            mode="multiple"
            style={{ width: '100%' }}
            placeholder={t('培训载体')}
            value={edit.carriers}
            onChange={(v) => setEdit({ ...edit, carriers: v })}
            options={(carriers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            optionFilterProp="label"
            data-testid="tag-carriers"
          />
          <Space>
            <Button
              type="primary"
              loading={action.busy}
              data-testid="tags-save"
              onClick={() =>
                action.run(`/api/projects/${code}/tags`, edit satisfies ApiPostBody<'/api/projects/{code}/tags'>)
              }
            >
              {t('保存')}
            </Button>
            <Button onClick={() => setEdit(null)}>{t('取消')}</Button>
          </Space>
        </Space>
      ) : (
        <Space wrap>
          {tags.data.programmes.map((p) => (
            <Tag color="blue" key={p}>
              {label('programme', p)}
            </Tag>
          ))}
          {tags.data.carriers.map((c) => (
            <Tag color="green" key={c}>
              {carrierName(c)}
            </Tag>
          ))}
          {tags.data.programmes.length + tags.data.carriers.length === 0 && t('未标注')}
          <Button
            size="small"
            data-testid="tags-edit"
            onClick={() => setEdit({ programmes: tags.data!.programmes, carriers: tags.data!.carriers })}
          >
            {t('修改标注')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
