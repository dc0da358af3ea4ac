CREATE TABLE "learning_checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"person_key" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"method" text,
	"code_hash" text,
	"tries" integer DEFAULT 0 NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "learning_courses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_code" text,
	"access" text NOT NULL,
	"project_code" text,
	"occupation_code" text NOT NULL,
	"level" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_heartbeats" (
	"session_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"person_key" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"client_at" timestamp with time zone NOT NULL,
	"position_seconds" double precision NOT NULL,
	"rate" double precision NOT NULL,
	"visible" boolean NOT NULL,
	"focused" boolean NOT NULL,
	"playing" boolean NOT NULL,
	CONSTRAINT "learning_heartbeats_session_id_seq_pk" PRIMARY KEY("session_id","seq")
);
--> statement-breakpoint
CREATE TABLE "learning_modules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"course_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"occupation_code" text NOT NULL,
	"level" text,
	"competency_units" text[] DEFAULT '{}' NOT NULL,
	"duration_seconds" integer NOT NULL,
	"media_key" text,
	"media_type" text,
	"media_bytes" bigint
);
--> statement-breakpoint
CREATE TABLE "learning_policy" (
	"id" integer PRIMARY KEY NOT NULL,
	"params" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_questions" (
	"module_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"prompt" text NOT NULL,
	"choices" text[] NOT NULL,
	"answer" integer NOT NULL,
	CONSTRAINT "learning_questions_module_id_n_pk" PRIMARY KEY("module_id","n")
);
--> statement-breakpoint
CREATE TABLE "learning_quiz_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"module_id" uuid NOT NULL,
	"answers" integer[] NOT NULL,
	"correct" integer NOT NULL,
	"passed" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"module_id" uuid NOT NULL,
	"enrolment" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"rules" jsonb NOT NULL,
	"next_check_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "learning_checks_person_idx" ON "learning_checks" USING btree ("person_key","issued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_checks_pending_uq" ON "learning_checks" USING btree ("session_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "learning_courses_owner_idx" ON "learning_courses" USING btree ("owner_kind","owner_code");--> statement-breakpoint
CREATE INDEX "learning_courses_project_idx" ON "learning_courses" USING btree ("project_code");--> statement-breakpoint
CREATE INDEX "learning_heartbeats_person_idx" ON "learning_heartbeats" USING btree ("person_key","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_modules_course_n_uq" ON "learning_modules" USING btree ("course_id","n");--> statement-breakpoint
CREATE INDEX "learning_quiz_person_idx" ON "learning_quiz_attempts" USING btree ("person_key","module_id");--> statement-breakpoint
CREATE INDEX "learning_sessions_person_idx" ON "learning_sessions" USING btree ("person_key","module_id");