CREATE TABLE "employer_confirmations" (
	"application_id" text PRIMARY KEY NOT NULL,
	"enterprise_code" text NOT NULL,
	"answer" text NOT NULL,
	"note" text,
	"answered_by" text NOT NULL,
	"answered_at" timestamp with time zone NOT NULL
);
