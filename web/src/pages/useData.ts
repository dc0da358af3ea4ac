import { useContext, useEffect, useState } from 'react';
import { api, type ApiError } from '../api/client.ts';
import { LangContext } from '../i18n.ts';

/**
 * Loads an API path; the error is the server's message in the current language. `data` keeps the last
 * answer while a new path loads (a search does not blank the table); `loading` says it is not this path's yet.
 */
export function useData<T>(path: string | null) {
  const { lang } = useContext(LangContext);
  const [answer, setAnswer] = useState<{ path: string; data: T } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reload trigger
  useEffect(() => {
    if (!path) return;
    let live = true;
    setError(null);
    api<T>(path).then(
      (data) => live && setAnswer({ path, data }),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  return {
    data: answer?.data ?? null,
    loading: !!path && !error && answer?.path !== path,
    error: error ? (lang === 'en' ? error.en : error.zh) : null,
    reload: () => setTick((x) => x + 1),
  };
}
