CREATE TABLE "reminders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"week_of" date NOT NULL,
	"recipient_kind" text NOT NULL,
	"recipient_key" text NOT NULL,
	"recipient_name" text NOT NULL,
	"indicator" text NOT NULL,
	"actual" integer NOT NULL,
	"target" integer NOT NULL,
	"pro_rata_target" integer NOT NULL,
	"forecast_date" date,
	"read_at" timestamp with time zone,
	"read_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_uq" ON "reminders" USING btree ("week_of","recipient_kind","recipient_key","indicator");