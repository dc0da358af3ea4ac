import { z } from 'zod';

/**
 * Response contracts of training (点单, 派单, classes, attendance): the serializer writes only what
 * these declare (docs/security.md § Who sees what). Wire names stay as the services send them:
 * snake_case for rows read from SQL, camelCase for answers the services build.
 * Dates are `YYYY-MM-DD` strings; timestamps leave the database as `Date` (sent as ISO strings).
 */

/** The answer to a state change of a project (dispatch, accept, decline, redispatch, open). */
export const ZProjectState = z.object({ projectCode: z.string(), status: z.string() }).meta({ id: 'ProjectState' });

/** A device just registered: its secret is shown this once. */
export const ZDeviceRegistered = z
  .object({
    deviceId: z.string(),
    kind: z.string(),
    institutionCode: z.string(),
    siteName: z.string(),
    secret: z.string(),
  })
  .meta({ id: 'DeviceRegistered' });

export const ZAttendanceIngestResult = z
  .object({
    accepted: z.number(),
    duplicates: z.number(),
    rejected: z.array(
      z.object({
        index: z.number(),
        column: z.string(),
        reason: z.string(),
        message_zh: z.string(),
        message_en: z.string(),
      }),
    ),
  })
  .meta({ id: 'AttendanceIngestResult' });

/** 云眸 live view: one enrolled trainee of a session with each record and why it does (not) count. */
export const ZLiveTrainee = z
  .object({
    personKey: z.string(),
    name: z.string(),
    idMasked: z.string(),
    present: z.boolean(),
    records: z.array(
      z.object({
        checkInAt: z.string(),
        checkOutAt: z.string(),
        method: z.string(),
        faceScore: z.number().nullable(),
        deviceId: z.string().nullable(),
        counts: z.boolean(),
        reason: z.object({ code: z.string(), zh: z.string(), en: z.string() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'LiveTrainee' });

export const ZProjectListItem = z
  .object({
    project_code: z.string(),
    title: z.string(),
    institution_code: z.string(),
    institution_name: z.string().nullable(),
    occupation_code: z.string(),
    occupation_name: z.string().nullable(),
    level: z.string().nullable(),
    kind: z.string(),
    status: z.string(),
    key_task: z.number().nullable(),
    city_code: z.string(),
    city_name: z.string().nullable(),
    start_date: z.string(),
    end_date: z.string(),
    fee_fen: z.number(),
    enrolled: z.number(),
  })
  .meta({ id: 'ProjectListItem' });
export type TProjectListItem = z.infer<typeof ZProjectListItem>;

export const ZProjectSession = z
  .object({
    session_no: z.number(),
    starts_at: z.date(),
    ends_at: z.date(),
    site_lat: z.number().nullable(),
    site_lon: z.number().nullable(),
    site_name: z.string().nullable(),
    teacher: z.string().nullable(),
    mode: z.string().nullable(),
  })
  .meta({ id: 'ProjectSession' });

/** A project's row with its names, sessions and the demand (job orders, requests) it serves. */
export const ZProjectDetail = z
  .object({
    project_code: z.string(),
    title: z.string(),
    institution_code: z.string(),
    institution_name: z.string().nullable(),
    occupation_code: z.string(),
    occupation_name: z.string().nullable(),
    sector: z.string().nullable(),
    level: z.string().nullable(),
    kind: z.string(),
    key_task: z.number().nullable(),
    city_code: z.string(),
    city_name: z.string().nullable(),
    start_date: z.string(),
    end_date: z.string(),
    fee_fen: z.number(),
    status: z.string(),
    planned_hours: z.number().nullable(),
    planned_trainees: z.number().nullable(),
    modules: z.array(z.string()),
    evaluator_code: z.string().nullable(),
    evaluator_name: z.string().nullable(),
    dispatched_by: z.string().nullable(),
    decline_reason: z.string().nullable(),
    closed_on: z.string().nullable(),
    updated_at: z.date(),
    sessions: z.array(ZProjectSession),
    demand: z.array(z.object({ source: z.string(), source_id: z.string() })),
    /**
     * 找培训: who asked to join this class (点单 naming it), newest first — for the class's city and the
     * province (training.policy.ts mayReadClassRequests); null for everyone else.
     */
    class_requests: z
      .array(
        z.object({
          request_id: z.string(),
          person_name: z.string(),
          id_masked: z.string(),
          city_name: z.string().nullable(),
          status: z.string(),
          created_at: z.date(),
        }),
      )
      .nullable(),
  })
  .meta({ id: 'ProjectDetail' });
export type TProjectDetail = z.infer<typeof ZProjectDetail>;

export const ZTrainingRequestCreated = z
  .object({
    requestId: z.string(),
    occupationCode: z.string(),
    occupationName: z.string(),
    level: z.string().nullable(),
    cityCode: z.string(),
    status: z.string(),
    /** The class asked for from 找培训, else null. */
    classCode: z.string().nullable(),
  })
  .meta({ id: 'TrainingRequestCreated' });
export type TTrainingRequestCreated = z.infer<typeof ZTrainingRequestCreated>;

export const ZTrainingRequest = z
  .object({
    request_id: z.string(),
    occupation_code: z.string(),
    occupation_name: z.string().nullable(),
    level: z.string().nullable(),
    city_code: z.string(),
    city_name: z.string().nullable(),
    note: z.string().nullable(),
    status: z.string(),
    project_code: z.string().nullable(),
    /** The class asked for from 找培训 (null: a request for an occupation). */
    class_code: z.string().nullable(),
    created_at: z.date(),
    person_name: z.string(),
    id_masked: z.string(),
  })
  .meta({ id: 'TrainingRequest' });
export type TTrainingRequest = z.infer<typeof ZTrainingRequest>;

export const ZTrainingRequestWithdrawn = z
  .object({ requestId: z.string(), status: z.string() })
  .meta({ id: 'TrainingRequestWithdrawn' });

export const ZEvaluatorChosen = z
  .object({ projectCode: z.string(), evaluatorCode: z.string() })
  .meta({ id: 'EvaluatorChosen' });

export const ZSessionScheduled = z
  .object({ projectCode: z.string(), sessionNo: z.number() })
  .meta({ id: 'SessionScheduled' });

export const ZEnrolment = z
  .object({ projectCode: z.string(), name: z.string(), idMasked: z.string(), enrolledOn: z.string() })
  .meta({ id: 'Enrolment' });

export const ZClassClosed = z
  .object({
    projectCode: z.string(),
    status: z.string(),
    closedOn: z.string(),
    trainees: z.number(),
    completers: z.number(),
  })
  .meta({ id: 'ClassClosed' });

/** A trainee of the class list; `completed` is null until the class closes. */
export const ZRosterEntry = z
  .object({
    person_key: z.string(),
    name: z.string(),
    id_masked: z.string(),
    enrolled_on: z.string(),
    completed: z.boolean().nullable(),
    ratioPercent: z.number(),
  })
  .meta({ id: 'RosterEntry' });

export const ZMyTraining = z
  .object({
    project_code: z.string(),
    title: z.string(),
    institution_name: z.string().nullable(),
    status: z.string(),
    start_date: z.string(),
    end_date: z.string(),
    completed: z.boolean().nullable(),
    sessions: z.number(),
    ratioPercent: z.number(),
  })
  .meta({ id: 'MyTrainingClass' });

/** 培训场所: one of an institution's registered training sites. */
export const ZSite = z
  .object({
    id: z.number(),
    institutionCode: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    lat: z.number(),
    lon: z.number(),
    createdAt: z.date(),
  })
  .meta({ id: 'Site' });
export type TSite = z.infer<typeof ZSite>;

export const ZNewSite = z.object({
  institutionCode: z.string().max(40).optional(),
  name: z.string().max(200),
  address: z.string().max(400).nullish(),
  lat: z.number(),
  lon: z.number(),
});

/** Enrolment of a pasted list, one answer per line: added, not found, or not eligible (with the reason). */
export const ZEnrolmentLine = z
  .object({
    /** 1-based line of the pasted list. */
    line: z.number(),
    status: z.enum(['added', 'not_found', 'not_eligible']),
    name: z.string().nullable(),
    idMasked: z.string().nullable(),
    reason: z.object({ code: z.string(), zh: z.string(), en: z.string() }).nullable(),
  })
  .meta({ id: 'EnrolmentLine' });
export type TEnrolmentLine = z.infer<typeof ZEnrolmentLine>;

export const ZEnrolmentBatch = z
  .object({ projectCode: z.string(), added: z.number(), lines: z.array(ZEnrolmentLine) })
  .meta({ id: 'EnrolmentBatch' });
