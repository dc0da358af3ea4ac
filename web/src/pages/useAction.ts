import { useContext, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { LangContext } from '../i18n.ts';

/**
 * Runs a POST (or other) call from a button or form: remembers the server's refusal in the current
 * language (with the field it names) and calls `onDone` after success.
 */
export function useAction(onDone?: () => void) {
  const { lang } = useContext(LangContext);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T>(path: string, body?: unknown, method = 'POST'): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      const out = await api<T>(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      onDone?.();
      return out;
    } catch (e) {
      setError(e instanceof ApiError ? `${lang === 'en' ? e.en : e.zh}${e.code ? ` (${e.code})` : ''}` : String(e));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { run, error, busy, clear: () => setError(null) };
}
