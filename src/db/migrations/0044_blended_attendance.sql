CREATE TABLE "decision_attendance" (
	"application_id" text PRIMARY KEY NOT NULL,
	"scheduled_ms" bigint NOT NULL,
	"classroom_ms" bigint NOT NULL,
	"online_valid_ms" bigint NOT NULL,
	"online_counted_ms" bigint NOT NULL,
	"share_cap_ms" bigint NOT NULL,
	"room_ms" bigint NOT NULL,
	"not_counted" text
);
