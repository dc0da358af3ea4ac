import type { ReactNode } from 'react';

/**
 * A code shown on purpose, beside or after its name (a credit code, a catalog code): grey and small,
 * so the name reads first. `data-code` tells the raw-code browser test that this code is meant.
 */
export function Code({ children }: { children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <span data-code style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, fontFamily: 'ui-monospace, monospace' }}>
      {children}
    </span>
  );
}
