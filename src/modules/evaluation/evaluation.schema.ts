import { z } from 'zod';

/**
 * Request and response contracts of evaluation: assessments, certificates and their public
 * verification, credential mappings, the worker's profile and the 江苏工匠 nominations. Only what
 * these declare is sent.
 */

// --- requests ---

export const ZNewAssessment = z.object({
  occupationCode: z.string(),
  kind: z.string(),
  level: z.string().nullish(),
  scheduledOn: z.string(),
  projectCode: z.string().nullish(),
  idNumbers: z.array(z.string().max(40)).max(2000).optional(),
  personKeys: z.array(z.string().max(128)).max(2000).optional(),
});
export const ZResults = z.object({
  results: z
    .array(
      z.object({
        personKey: z.string(),
        theoryScore: z.number().int(),
        practicalScore: z.number().int(),
        passed: z.boolean(),
      }),
    )
    .min(1),
});
export const ZMappingEdit = z.object({
  titleLevel: z.string().min(1).max(100),
  education: z.string().min(1).max(200),
  note: z.string().max(500).nullish(),
});
export const ZNewNomination = z.object({
  year: z.number().int().min(2025).max(2100),
  idNumber: z.string(),
  unit: z.string().min(2).max(200),
  citation: z.string().max(2000),
});
export const ZNominationReview = z.object({
  decision: z.enum(['selected', 'rejected']),
  note: z.string().min(2).max(500),
});

// --- responses ---

export const ZOk = z.object({ ok: z.literal(true) });

export const ZAssessmentScheduled = z.object({ id: z.string(), candidates: z.number() });

const ZAssessment = z.object({
  id: z.string(),
  evaluator_code: z.string(),
  occupation_code: z.string(),
  kind: z.string(),
  level: z.string().nullable(),
  project_code: z.string().nullable(),
  scheduled_on: z.string(),
  status: z.string(),
  created_by: z.string(),
  created_at: z.date(),
});

/** An assessment in the evaluator's list, with its candidates and certificates issued counted. */
export const ZAssessmentListItem = ZAssessment.extend({
  occupation_name: z.string().nullable(),
  candidates: z.number(),
  issued: z.number(),
}).meta({ id: 'AssessmentListItem' });

export const ZAssessmentCandidate = z
  .object({
    person_key: z.string(),
    name: z.string(),
    id_masked: z.string(),
    theory_score: z.number().nullable(),
    practical_score: z.number().nullable(),
    passed: z.boolean().nullable(),
    certificate_no: z.string().nullable(),
  })
  .meta({ id: 'AssessmentCandidate' });

export const ZAssessmentDetail = ZAssessment.extend({ candidates: z.array(ZAssessmentCandidate) }).meta({
  id: 'AssessmentDetail',
});

export const ZResultsRecorded = z.object({ issued: z.array(z.string()) });

export const ZCertificateToken = z.object({ token: z.string(), url: z.string() });

/** A certificate as the public may see it: the holder's name partly masked, no ID number. */
export const ZPublicCertificate = z
  .object({
    certificateNo: z.string(),
    holder: z.string(),
    occupation: z.string().nullable(),
    occupationCode: z.string(),
    kind: z.string(),
    level: z.string().nullable(),
    levelName: z.string().nullable(),
    issuedOn: z.string(),
    evaluator: z.string().nullable(),
    evaluatorCode: z.string(),
    revokedOn: z.string().nullable(),
    revokeReason: z.string().nullable(),
  })
  .meta({ id: 'PublicCertificate' });

/** The public check of a QR code: a refusal (bad signature, unknown number) or the certificate's state. */
export const ZVerification = z
  .union([
    z.object({
      valid: z.literal(false),
      status: z.enum(['invalid', 'unknown']),
      message: z.string(),
      message_en: z.string(),
    }),
    z.object({ valid: z.boolean(), status: z.enum(['valid', 'revoked']), certificate: ZPublicCertificate }),
  ])
  .meta({ id: 'CertificateVerification' });

/** 证书查验 by hand: the number printed on the certificate and the holder's full name (sent in the body, kept out of URLs and logs). */
export const ZCertificateLookup = z
  .object({
    no: z.string().trim().min(1).max(40).describe('证书编号 / certificate number'),
    name: z.string().trim().min(1).max(60).describe('持证人姓名 / the holder’s full name'),
  })
  .meta({ id: 'CertificateLookup' });

/** A certificate found by number and name: as on the QR check, plus the holder's masked ID (3201**********123X). */
export const ZLookedUpCertificate = ZPublicCertificate.extend({ holderIdMasked: z.string() }).meta({
  id: 'LookedUpCertificate',
});

/** The answer of a lookup: not found (a wrong name and an unknown number alike) or the certificate's state. */
export const ZCertificateLookupResult = z
  .union([
    z.object({ valid: z.literal(false), status: z.literal('unknown'), message: z.string(), message_en: z.string() }),
    z.object({ valid: z.boolean(), status: z.enum(['valid', 'revoked']), certificate: ZLookedUpCertificate }),
  ])
  .meta({ id: 'CertificateLookupResult' });

export const ZCredentialMapping = z
  .object({
    level: z.string(),
    level_name: z.string(),
    title_level: z.string(),
    education: z.string(),
    note: z.string().nullable(),
  })
  .meta({ id: 'CredentialMapping' });

/** The worker's own profile: their full ID number and phone (theirs alone), trainings and certificates. */
export const ZWorkerProfile = z
  .object({
    person: z.object({
      name: z.string(),
      phone: z.string().nullable(),
      city_name: z.string().nullable(),
      groups: z.array(z.string()),
      insured_months: z.number(),
      id_number: z.string(),
    }),
    trainings: z.array(
      z.object({
        project_code: z.string(),
        title: z.string(),
        institution_name: z.string().nullable(),
        start_date: z.string(),
        end_date: z.string(),
        sessions: z.number(),
        sessions_with_records: z.number(),
      }),
    ),
    certificates: z.array(
      z.object({
        certificate_no: z.string(),
        kind: z.string(),
        level: z.string().nullable(),
        level_name: z.string().nullable(),
        occupation_name: z.string().nullable(),
        issued_on: z.string(),
        revoked_on: z.string().nullable(),
        title_level: z.string().nullable(),
        education: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'WorkerProfile' });

export const ZNominationState = z.object({
  id: z.string(),
  status: z.enum(['nominated', 'selected', 'rejected']),
});

export const ZNomination = z
  .object({
    id: z.string(),
    year: z.number(),
    unit: z.string(),
    citation: z.string(),
    status: z.string(),
    review_note: z.string().nullable(),
    nominated_by: z.string(),
    name: z.string(),
    id_masked: z.string(),
    city_name: z.string().nullable(),
    /** The nominee's certificates, oldest first; null when they hold none. */
    certificates: z
      .array(
        z.object({
          certificate_no: z.string(),
          occupation: z.string().nullable(),
          level: z.string().nullable(),
          issued_on: z.string(),
          revoked_on: z.string().nullable(),
        }),
      )
      .nullable(),
  })
  .meta({ id: 'CraftsmanNomination' });

/** An entry of the published yearly list (public): no ID number. */
export const ZCraftsman = z
  .object({
    name: z.string(),
    city_name: z.string().nullable(),
    unit: z.string(),
    citation: z.string(),
    /** Occupations of the holder's valid certificates, joined with 、 (null when none). */
    occupations: z.string().nullable(),
  })
  .meta({ id: 'PublishedCraftsman' });

/** Downloads that are not JSON. */
export const pemResponse = {
  description: 'PEM 公钥 / the public key in PEM',
  content: { 'application/x-pem-file': { schema: z.string() } },
};

export type AssessmentListItem = z.infer<typeof ZAssessmentListItem>;
export type AssessmentDetail = z.infer<typeof ZAssessmentDetail>;
export type AssessmentCandidate = z.infer<typeof ZAssessmentCandidate>;
export type CredentialMapping = z.infer<typeof ZCredentialMapping>;
export type WorkerProfile = z.infer<typeof ZWorkerProfile>;
export type NominationListItem = z.infer<typeof ZNomination>;
export type PublishedCraftsman = z.infer<typeof ZCraftsman>;
export type CertificateLookupResult = z.infer<typeof ZCertificateLookupResult>;
