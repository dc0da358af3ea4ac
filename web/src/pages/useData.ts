import { useContext, useEffect, useState } from 'react';
import { api, type ApiError } from '../api/client.ts';
import { LangContext } from '../i18n.ts';

/** Loads an API path; the error is the server's message in the current language. */
export function useData<T>(path: string | null) {
  const { lang } = useContext(LangContext);
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const [loading, setLoading] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reload trigger
  useEffect(() => {
    if (!path) return;
    let live = true;
    setError(null);
    setLoading(true);
    api<T>(path)
      .then(
        (d) => live && setData(d),
        (e) => live && setError(e),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [path, tick]);
  return {
    data,
    /** True while a request is out (the first load and every reload): tables show a spinner, not 暂无数据. */
    loading,
    error: error ? (lang === 'en' ? error.en : error.zh) : null,
    reload: () => setTick((x) => x + 1),
  };
}
