-- The contest → level promotion rule as policy data (docs/field-activities.md § Promotion rule):
-- one row per version, the version in force on a contest's last day applies. The first version is
-- the rule that was a code constant (PROMOTION_RULE), with the assumption it rests on.
CREATE TABLE "promotion_rules" (
	"effective_from" date PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"levels" text[] NOT NULL,
	"awards" text[] NOT NULL,
	"max_rank" integer NOT NULL,
	"basis" text NOT NULL,
	"set_by" text NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO "promotion_rules" ("effective_from", "code", "levels", "awards", "max_rank", "basis", "set_by") VALUES (
	'2025-01-01', 'PROVINCE_CONTEST_PRIZE_ONE_LEVEL', '{province}', '{first,second,third}', 5,
	'行动方案只要求举办“江苏工匠”岗位练兵职业技能竞赛活动，未规定竞赛获奖晋升。本规则为假设：参照人社部关于职业技能竞赛获奖选手按规定晋升职业技能等级的规定（省级竞赛获奖者晋升一个等级，最高至高级技师），待省人社厅确认。',
	'migration'
);
