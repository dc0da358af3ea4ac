CREATE TABLE "demand_forecasts" (
	"occupation_code" text NOT NULL,
	"city_code" text NOT NULL,
	"year" integer NOT NULL,
	"headcount" integer NOT NULL,
	"sector" text NOT NULL,
	"upload_id" uuid NOT NULL,
	CONSTRAINT "demand_forecasts_occupation_code_city_code_year_pk" PRIMARY KEY("occupation_code","city_code","year")
);
--> statement-breakpoint
CREATE TABLE "forecast_uploads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"sectors" text[] NOT NULL,
	"rows_total" integer NOT NULL,
	"rows_accepted" integer NOT NULL,
	"errors" jsonb NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
