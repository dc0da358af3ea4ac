CREATE TABLE "devices" (
	"device_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"institution_code" text NOT NULL,
	"token_hash" text NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
