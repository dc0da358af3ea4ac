import { Alert, Table } from 'antd';
import { yuan } from '../api.ts';
import { useT } from '../i18n.ts';
import { useData } from './useData.ts';

export function ProjectsPage() {
  const t = useT();
  const { data, error } = useData<Record<string, unknown>[]>('/api/projects');
  return (
    <>
      {error && <Alert type="error" message={error} />}
      <Table size="small" rowKey="project_code" dataSource={data ?? []} data-testid="projects-table"
        columns={[
          { title: t('项目编号'), dataIndex: 'project_code' },
          { title: t('项目名称'), dataIndex: 'title' },
          { title: t('承训机构'), dataIndex: 'institution_name' },
          { title: t('职业'), dataIndex: 'occupation_name' },
          { title: t('所在城市'), dataIndex: 'city_name' },
          { title: t('开始'), dataIndex: 'start_date' },
          { title: t('结束'), dataIndex: 'end_date' },
          { title: t('报名人数'), dataIndex: 'enrolled' },
          { title: '单价', dataIndex: 'fee_fen', render: (f: number) => yuan(f) },
        ]} />
    </>
  );
}
