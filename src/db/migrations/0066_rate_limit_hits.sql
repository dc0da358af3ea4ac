-- Rate-limit counts shared by every API process on this database (src/modules/operations/rate-limit-store.ts):
-- the plugin's own store counted in one process's memory, so N processes allowed N times the limit.
CREATE TABLE "rate_limit_hits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL
);

