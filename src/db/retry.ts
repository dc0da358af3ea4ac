/**
 * PostgreSQL's transient refusals: a deadlock (two writers waiting on each other's rows, e.g. an
 * import and a device sending the same events) or a serialization failure. The transaction was
 * rolled back whole, so running it again is safe when it only writes to the database.
 */
const TRANSIENT = new Set(['40P01', '40001']);

export const isTransient = (e: unknown): boolean => TRANSIENT.has((e as { code?: string } | null)?.code ?? '');

/** Runs a database-only transaction again (up to `attempts` times in all) when PostgreSQL refused it transiently. */
export async function retryTransient<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= attempts || !isTransient(e)) throw e;
      await new Promise((r) => setTimeout(r, 25 * attempt + Math.random() * 50)); // let the other writer finish
    }
  }
}
