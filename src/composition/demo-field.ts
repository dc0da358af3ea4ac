import { SYSTEM_PROVINCE } from '../kernel/auth.ts';
import { chinaDate } from '../kernel/clock.ts';
import { createActivity } from '../modules/field/index.ts';
import { PROGRAMMES, tagProject } from '../modules/programmes/index.ts';
import type { AppContext } from './context.ts';

/** A China calendar day `days` after today: activities on the calendar stay ahead of whoever opens the demo. */
const dayAhead = (days: number) => chinaDate(new Date(Date.now() + days * 86_400_000));

/** Demo 技能活动 on the calendar (labelled 演示): a night school, a job fair, skills to the countryside, live hiring. */
function demoActivities(): Record<string, string>[] {
  return [
    {
      kind: 'night_school',
      title: '电工技能夜校（演示）',
      organiser: '南京市人社局',
      city: '320100',
      district: '玄武区',
      place: '南京市第1职业技术学院本部实训楼',
      start: `${dayAhead(3)} 19:00`,
      end: `${dayAhead(3)} 21:00`,
      occupation: 'JS-0001',
      capacity: '40',
    },
    {
      kind: 'job_fair',
      title: '秦淮区春风行动招聘会（演示）',
      organiser: '南京市人社局',
      city: '320100',
      district: '秦淮区',
      place: '秦淮区人力资源市场',
      start: `${dayAhead(6)} 09:00`,
      end: `${dayAhead(6)} 16:00`,
      occupation: 'JS-0019',
      capacity: '300',
    },
    {
      kind: 'to_village',
      title: '高素质农民送技下乡（演示）',
      organiser: '苏州市人社局',
      city: '320500',
      district: '吴中区',
      place: '吴中区临湖镇便民服务中心',
      start: `${dayAhead(9)} 09:00`,
      end: `${dayAhead(9)} 12:00`,
      capacity: '60',
    },
    {
      kind: 'live_hiring',
      title: '无锡先进制造业直播带岗（演示）',
      organiser: '无锡市人社局',
      city: '320200',
      place: '线上直播间',
      start: `${dayAhead(4)} 14:00`,
      end: `${dayAhead(4)} 16:00`,
      occupation: '6-18-02-04',
      capacity: '500',
    },
  ];
}

/**
 * Demo content of the plan's other mechanisms: 技能活动 on the calendar, and one in three of the
 * generated projects tagged with a named programme of its key task (专项计划与载体 then has figures).
 * Through the same services an official uses (scope checks, audit).
 */
export async function loadDemoField(ctx: AppContext): Promise<void> {
  for (const a of demoActivities()) await createActivity(ctx.db, SYSTEM_PROVINCE, a);
  const projects = await ctx.db.query<{ project_code: string; key_task: number | null }>(
    'SELECT project_code, key_task FROM projects WHERE key_task IS NOT NULL ORDER BY project_code',
  );
  for (const [i, p] of projects.entries()) {
    if (i % 3 !== 0) continue;
    const programme = PROGRAMMES.find((x) => x.keyTask === p.key_task);
    if (programme)
      await tagProject(ctx.db, SYSTEM_PROVINCE, p.project_code, { programmes: [programme.code], carriers: [] });
  }
}
