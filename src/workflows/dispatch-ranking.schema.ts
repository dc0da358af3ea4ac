import { z } from 'zod';

/** A candidate institution for a dispatch, with its score and why (docs/training-lifecycle.md § Ranking candidates). */
export const ZDispatchCandidate = z
  .object({
    creditCode: z.string(),
    name: z.string(),
    cityName: z.string().nullable(),
    /** 0–100, higher first. */
    score: z.number(),
    stars: z.number().nullable(),
    credit: z.number(),
    capacity: z.number().nullable(),
    /** Places free now: capacity less trainees planned in its classes not ended (null: capacity not declared). */
    free: z.number().nullable(),
    /** Whether the free places hold the class (null: capacity not declared). */
    fits: z.boolean().nullable(),
    /** From its registered site nearest to the seat of the project's city (null: no site). */
    km: z.number().nullable(),
    siteName: z.string().nullable(),
    /** Classes it has had in this occupation. */
    pastClasses: z.number(),
    why: z.object({ zh: z.string(), en: z.string() }),
  })
  .meta({ id: 'DispatchCandidate' });
export type TDispatchCandidate = z.infer<typeof ZDispatchCandidate>;
