import type { Db } from '../../db/client.ts';

export interface NewEmployment {
  personKey: string;
  employerCode: string;
  startDate: string;
  contractMonths: number;
  jobOrderId: string | number;
}

/**
 * Records a hire as employment (the fact subsidies link to). With `ifNew`, the same employment
 * already recorded is left alone; returns whether a row was stored.
 */
export async function recordEmployment(tx: Db, e: NewEmployment, opts: { ifNew?: boolean } = {}): Promise<boolean> {
  const stored = await tx.query(
    `INSERT INTO employment (person_key, employer_code, start_date, contract_months, job_order_id) VALUES ($1,$2,$3,$4,$5)
     ${opts.ifNew ? 'ON CONFLICT DO NOTHING' : ''} RETURNING 1`,
    [e.personKey, e.employerCode, e.startDate, e.contractMonths, e.jobOrderId],
  );
  return stored.length > 0;
}
