import { createContext, createElement, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from './api.ts';
import { LangContext, type Lang, useT } from './i18n.ts';
import type { components } from './api/schema';
import { chinaToday } from './format.ts';

/** The server's names of every code (`GET /api/labels`): dictionary → code → { zh, en }. */
export type Labels = components['schemas']['Labels'];
export type Dictionary = keyof Labels;

/** The name of a code in a language; the code itself only when the server has no name for it. */
export function nameOf(
  labels: Labels | null,
  lang: Lang,
  dictionary: Dictionary,
  code: string | number | null | undefined,
): string {
  if (code === null || code === undefined) return '';
  const name = labels?.[dictionary]?.[String(code)];
  return name ? name[lang] : String(code);
}

/** `undefined` while loading; `null` when they could not be had (codes are shown then). */
const LabelsContext = createContext<Labels | null | undefined>(undefined);

/** Loads the names once after start, beside the session; the app waits for both (`useLabelsLoaded`). */
export function LabelsProvider({ children }: { children: ReactNode }) {
  const [labels, setLabels] = useState<Labels | null | undefined>(undefined);
  useEffect(() => {
    api<Labels>('/api/labels').then(setLabels, () => setLabels(null));
  }, []);
  return createElement(LabelsContext.Provider, { value: labels }, children);
}

export const useLabelsLoaded = () => useContext(LabelsContext) !== undefined;

/**
 * `label('group', 'G3')` → 农民工 (Migrant workers in English); `options('projectKind')` → a
 * select's options, in the server's order.
 */
export function useLabels() {
  const labels = useContext(LabelsContext) ?? null;
  const { lang } = useContext(LangContext);
  return {
    label: (dictionary: Dictionary, code: string | number | null | undefined) => nameOf(labels, lang, dictionary, code),
    options: (dictionary: Dictionary, codes?: readonly string[]) =>
      (codes ?? Object.keys(labels?.[dictionary] ?? {})).map((value) => ({
        value,
        label: nameOf(labels, lang, dictionary, value),
      })),
  };
}

/** The dictionary naming the keys of a KPI or target dimension (a city code, a sector, a group, a key task). */
export const KEY_NAMES: Record<string, Dictionary> = {
  city: 'city',
  sector: 'sector',
  group: 'group',
  key_task: 'keyTask',
};

/** A KPI key in words: 南京市, 农民工, a key task's title; the total's `all` → 全部, no key task's `none` → 未列入重点任务. */
export function useKeyName() {
  const { label } = useLabels();
  const t = useT();
  return (dimension: string, key: string) =>
    key === 'all'
      ? t('全部')
      : key === 'none'
        ? t('未列入重点任务')
        : KEY_NAMES[dimension]
          ? label(KEY_NAMES[dimension], key)
          : key;
}

/** Today's date in China (format.ts; re-exported for the pages that import it from here). */
export { chinaToday };

/**
 * The status a project shows: as stored, except a class past its end date that nobody closed — an
 * imported one (`open`) has ended (已结束), a running one waits for the institution's 结业 (待结业).
 */
export function shownProjectStatus(p: { status: string; end_date: string }, today = chinaToday()): string {
  if (p.end_date < today && p.status === 'open') return 'ended';
  if (p.end_date < today && p.status === 'running') return 'awaiting_close';
  return p.status;
}
