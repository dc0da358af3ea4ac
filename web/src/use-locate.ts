import { useState } from 'react';
import { useT } from './i18n.ts';

export interface Place {
  lat: number;
  lon: number;
}

/**
 * Asks the browser once for where the device is. `status` is what to show meanwhile (正在定位…) or
 * why it failed (`failText`: what the person can do instead), null when there is nothing to say.
 * `precise` asks for GPS accuracy (a site's position); lists sorted by distance take a cached fix.
 */
export function useLocate(failText: string, precise = false) {
  const t = useT();
  const [status, setStatus] = useState<string | null>(null);
  const locate = (onFound: (at: Place) => void) => {
    if (!navigator.geolocation) return setStatus(t('此浏览器无法定位'));
    setStatus(t('正在定位…'));
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setStatus(null);
        onFound({ lat: p.coords.latitude, lon: p.coords.longitude });
      },
      () => setStatus(failText),
      precise ? { enableHighAccuracy: true, timeout: 10_000 } : { timeout: 10_000, maximumAge: 300_000 },
    );
  };
  return { status, locate };
}
