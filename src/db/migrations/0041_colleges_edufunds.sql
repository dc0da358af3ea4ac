CREATE TABLE "college_finances" (
	"institution_code" text NOT NULL,
	"year" integer NOT NULL,
	"other_income_fen" bigint NOT NULL,
	"cost_fen" bigint NOT NULL,
	"note" text,
	"reported_by" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "college_finances_institution_code_year_pk" PRIMARY KEY("institution_code","year")
);
--> statement-breakpoint
CREATE TABLE "college_parameters" (
	"code" text PRIMARY KEY NOT NULL,
	"value" integer NOT NULL,
	"unit" text NOT NULL,
	"source_zh" text NOT NULL,
	"source_ref" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edufund_parameters" (
	"code" text PRIMARY KEY NOT NULL,
	"value" integer NOT NULL,
	"unit" text NOT NULL,
	"source_zh" text NOT NULL,
	"source_ref" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edufund_reports" (
	"enterprise_code" text NOT NULL,
	"year" integer NOT NULL,
	"extracted_fen" bigint NOT NULL,
	"front_line_fen" bigint NOT NULL,
	"management_fen" bigint NOT NULL,
	"other_fen" bigint NOT NULL,
	"source" text NOT NULL,
	"upload_id" uuid,
	"reported_by" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "edufund_reports_enterprise_code_year_pk" PRIMARY KEY("enterprise_code","year")
);
--> statement-breakpoint
CREATE TABLE "edufund_uploads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"rows_total" integer NOT NULL,
	"rows_accepted" integer NOT NULL,
	"errors" jsonb NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Plan (一) and (二) as policy data, each number with the sentence of the plan it comes from (docs/colleges-and-enterprises.md).
INSERT INTO "college_parameters" ("code", "value", "unit", "source_zh", "source_ref") VALUES
  ('workload_ratio', 10000, 'bp', '职业院校额外承担面向社会的职业技能培训工作量，可按培训实际课时量同比折算成全日制学生培养工作量', '行动方案（2025—2027年）二、工作举措（一）'),
  ('performance_pay_cap', 5000, 'bp', '原则上可按不超过扣除成本后的净收入的50%增核单位绩效工资总量', '行动方案（2025—2027年）二、工作举措（一）'),
  ('class_hour_minutes', 45, 'minutes', '方案未规定课时长度；平台按职业培训通行的每课时45分钟计（可由省级调整）', '平台约定 / platform convention');--> statement-breakpoint
INSERT INTO "edufund_parameters" ("code", "value", "unit", "source_zh", "source_ref") VALUES
  ('front_line_share', 7000, 'bp', '行业主管部门要指导和督促企业按规定足额提取和使用职工教育经费，确保70%以上用于一线职工教育和培训等工作', '行动方案（2025—2027年）二、工作举措（二）');--> statement-breakpoint
-- The colleges' report reads what the platform paid a college per project: claims are published like the other subsidy tables.
CREATE OR REPLACE VIEW subsidy.project_claims AS SELECT * FROM public.project_claims;
