CREATE TABLE "notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"recipient_kind" text NOT NULL,
	"recipient" text NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb NOT NULL,
	"link" text,
	"event_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sms_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"notice_id" bigint NOT NULL,
	"phone" text NOT NULL,
	"template" text NOT NULL,
	"params" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"provider_id" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "sms_deliveries_notice_id_unique" UNIQUE("notice_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notices_event_uq" ON "notices" USING btree ("event_key","recipient_kind","recipient");--> statement-breakpoint
CREATE INDEX "notices_inbox_idx" ON "notices" USING btree ("recipient_kind","recipient","created_at");--> statement-breakpoint
CREATE INDEX "notices_unread_idx" ON "notices" USING btree ("recipient_kind","recipient") WHERE read_at IS NULL;--> statement-breakpoint
CREATE INDEX "sms_deliveries_due_idx" ON "sms_deliveries" USING btree ("next_attempt_at") WHERE status = 'queued';