CREATE TABLE "targets" (
	"indicator" text NOT NULL,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"value" integer NOT NULL,
	CONSTRAINT "targets_indicator_dimension_key_period_from_pk" PRIMARY KEY("indicator","dimension","key","period_from")
);
