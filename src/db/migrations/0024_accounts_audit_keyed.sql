CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_daily_heads" (
	"day" date PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"mac" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "keyed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";--> statement-breakpoint
-- The head also records the last entry's seq (verification compares the log's end with it) and,
-- from the first write under JINENG_AUDIT_KEY on, a MAC over (seq, hash) that only the key can make.
-- Rows written before this migration stay unkeyed (docs/security.md § Audit log).
ALTER TABLE audit_head ADD COLUMN seq bigint;--> statement-breakpoint
ALTER TABLE audit_head ADD COLUMN mac text;--> statement-breakpoint
UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_log);
