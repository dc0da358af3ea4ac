import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../kernel/context.ts';
import { maskIdsInText } from '../kernel/pii.ts';
import { TooManyRequests } from '../kernel/errors.ts';
import { accountRoutes } from '../modules/accounts/accounts.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { catalogRoutes } from '../modules/catalog/catalog.routes.ts';
import { revokeCertificateRoutes } from '../workflows/revoke-certificate.routes.ts';
import { evaluationRoutes } from '../modules/evaluation/evaluation.routes.ts';
import { integrityRoutes } from '../modules/integrity/integrity.routes.ts';
import { integrityWorkflowRoutes } from '../workflows/integrity.routes.ts';
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import { interchangeRoutes } from '../modules/interchange/interchange.routes.ts';
import { registryRoutes } from '../modules/registry/registry.routes.ts';
import { reportingRoutes } from '../modules/reporting/reporting.routes.ts';
import { refreshKpiRollup } from '../modules/reporting/index.ts';
import { collegeRoutes } from '../modules/colleges/colleges.routes.ts';
import { edufundRoutes } from '../modules/edufunds/edufunds.routes.ts';
import { programmesRoutes } from '../modules/programmes/programmes.routes.ts';
import { subsidyRoutes } from '../modules/subsidy/subsidy.routes.ts';
import { recoveryRoutes } from '../modules/subsidy/recovery.routes.ts';
import { trainingRoutes } from '../modules/training/training.routes.ts';
import { jobsRoutes } from '../modules/jobs/jobs.routes.ts';
import { fieldRoutes } from '../modules/field/field.routes.ts';
import { competitionNominationRoutes } from '../workflows/competition-nomination.routes.ts';
import { operationsRoutes } from '../modules/operations/operations.routes.ts';
import { sharedRateLimitStore } from '../modules/operations/index.ts';
import { notifyRoutes } from '../modules/notify/notify.routes.ts';
import { directoryRoutes } from '../workflows/directories.routes.ts';
import { labelRoutes } from '../workflows/labels.routes.ts';
import { todoRoutes } from '../workflows/todos.routes.ts';
import { courseRoutes } from '../workflows/courses.routes.ts';
import { servicePointRoutes } from '../workflows/service-points.routes.ts';
import { dispatchRankingRoutes } from '../workflows/dispatch-ranking.routes.ts';
import { settleRoutes } from '../workflows/settle.routes.ts';
import { appealRoutes } from '../modules/appeals/appeals.routes.ts';
import { learningRoutes } from '../modules/learning/learning.routes.ts';
import { appealWorkflowRoutes } from '../workflows/appeals.routes.ts';
import { publicNoticeRoutes } from '../workflows/public-notices.routes.ts';
import { registrationRoutes } from '../workflows/registration.routes.ts';
import { selectionRoutes } from '../modules/selection/selection.routes.ts';
import { sanctionAppealRoutes } from '../modules/integrity/sanction-appeals.routes.ts';
import { selectionListingRoutes } from '../workflows/selection-listing.routes.ts';
import { authenticate, routeGuard } from '../http/auth.ts';
import { noteSessionWrite, resolveSession, sessionWroteLsn } from '../modules/accounts/index.ts';
import { authenticateDevice } from '../modules/training/index.ts';
import { errorHandler, refuseNulCharacters } from '../http/errors.ts';
import { readRouting } from '../http/read-routing.ts';
import { rollupsAfterWrites } from '../http/rollups-after-writes.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { queuedJobHandlers } from '../workflows/work.ts';

/** The health check's answer: the process is up and which database engine it speaks to. */
const ZHealth = z.object({ ok: z.literal(true), db: z.enum(['pglite', 'postgres']) }).meta({ id: 'Health' });

export const WEB_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface AppOptions {
  logger?: boolean;
  /** Where logs go (default stdout); tests capture them to prove no ID number is logged. */
  logStream?: NodeJS.WritableStream;
  webDist?: string;
  /** Collects every registered route (the permission test enumerates them). */
  onRoute?: (route: { method: string | string[]; url: string; access: unknown; schema: unknown }) => void;
}

/** Composes the API: documentation, auth, every module's routes, and the web app. */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: ctx.config.logLevel,
          stream: opts.logStream,
          serializers: { req: (r) => ({ method: r.method, url: maskIdsInText(r.url) }) },
        }
      : false,
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  securityHeaders(app);
  routeGuard(app);
  if (opts.onRoute)
    app.addHook('onRoute', (r) =>
      opts.onRoute!({
        method: r.method,
        url: r.url,
        access: (r.config as { access?: unknown })?.access,
        schema: r.schema,
      }),
    );

  await app.register(swagger, {
    openapi: {
      info: {
        title: '技能 Jineng API',
        description: '江苏省大规模职业技能提升培训平台 / Jiangsu vocational-skills training platform',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(cookie);
  // Limited routes answer 429 with the same bilingual error body as every other refusal. The counts
  // are kept in the database, so every API process on it shares one limit (rate-limit-store.ts).
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new TooManyRequests(),
    store: sharedRateLimitStore(ctx.db) as unknown as RateLimitPluginOptions['store'],
  });
  await app.register(multipart, { limits: { fileSize: 2 * 1024 * 1024 * 1024, files: 12 } });
  authenticate(app, ctx, { resolveSession, authenticateDevice });
  // Before readRouting: a write's WAL position is noted after its rollup refresh.
  rollupsAfterWrites(app, ctx, refreshKpiRollup);
  readRouting(app, ctx, { noteSessionWrite, sessionWroteLsn });
  refuseNulCharacters(app);

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: { tags: ['system'], summary: '健康检查 / health', response: { 200: ZHealth } },
    },
    async () => ({ ok: true, db: ctx.db.kind }),
  );
  for (const routes of [
    accountRoutes,
    catalogRoutes,
    registryRoutes,
    trainingRoutes,
    jobsRoutes,
    fieldRoutes,
    competitionNominationRoutes,
    subsidyRoutes,
    recoveryRoutes,
    evaluationRoutes,
    revokeCertificateRoutes,
    integrityRoutes,
    integrityWorkflowRoutes,
    directoryRoutes,
    labelRoutes,
    todoRoutes,
    courseRoutes,
    servicePointRoutes,
    dispatchRankingRoutes,
    settleRoutes,
    appealRoutes,
    selectionRoutes,
    sanctionAppealRoutes,
    selectionListingRoutes,
    appealWorkflowRoutes,
    learningRoutes,
    publicNoticeRoutes,
    registrationRoutes,
    reportingRoutes,
    collegeRoutes,
    edufundRoutes,
    programmesRoutes,
    interchangeRoutes,
    auditRoutes,
    operationsRoutes,
    notifyRoutes,
  ]) {
    routes(app, ctx);
  }

  // This process works the queue too unless JINENG_JOBS=off (then `jineng worker` processes do);
  // with the embedded database it always does (one process). pg-boss starts at the first enqueue
  // or when the server starts it (server.ts).
  if (ctx.config.runJobs || ctx.db.kind === 'pglite') ctx.queue.handle(queuedJobHandlers(ctx));
  app.addHook('onClose', () => ctx.queue.stop());

  const web = opts.webDist ?? WEB_DIST;
  const shell = fs.existsSync(path.join(web, 'index.html'));
  if (shell) await app.register(fastifyStatic, { root: web, wildcard: false });
  // Unknown /api paths are a bilingual 404 whether or not the web app is built (an API-only server, the
  // tests: Fastify's own `Route POST:/api/… not found` has no code or Chinese — session 13 probe, a
  // path parameter `.` collapses `/api/projects/./enrolments`); client-side routes fall back to the app shell.
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !shell)
      return reply.status(404).send({ code: 'NOT_FOUND', message: '接口不存在', message_en: 'no such endpoint' });
    return reply.sendFile('index.html');
  });
  return app;
}
