CREATE TABLE "assessment_candidates" (
	"assessment_id" uuid NOT NULL,
	"person_key" text NOT NULL,
	"theory_score" integer,
	"practical_score" integer,
	"passed" boolean,
	"certificate_no" text,
	CONSTRAINT "assessment_candidates_assessment_id_person_key_pk" PRIMARY KEY("assessment_id","person_key")
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"evaluator_code" text NOT NULL,
	"occupation_code" text NOT NULL,
	"kind" text NOT NULL,
	"level" text,
	"project_code" text,
	"scheduled_on" date NOT NULL,
	"status" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_serials" (
	"prefix" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
