-- The programmes board's figures by month (issue 21, province scale): kpi_tag_daily summed per
-- calendar month (`month`: its first day), same indicator, tag, key and city (NULL: province-wide).
-- A board read sums the whole months of its range here (a few hundred rows a tag kind) and only the
-- odd days at its ends in kpi_tag_daily, instead of every day since the plan's start (≈ 13 k rows
-- a tag kind, province-wide, at province scale). Refreshed in the same transaction as the daily
-- merge (src/modules/reporting/kpi-rollup.ts): the months of the recounted days are summed again
-- from kpi_tag_daily and merged (only the numbers that moved are written), so it always equals the
-- daily rollup summed by month. Filled here from kpi_tag_daily as it stands: days still marked in
-- kpi_dirty are recounted, with their months, by the next refresh.
CREATE TABLE kpi_tag_monthly (
  indicator text NOT NULL,
  month date NOT NULL,
  city text,
  tag text NOT NULL,
  key text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT kpi_tag_monthly_number_uq UNIQUE NULLS NOT DISTINCT (month, indicator, tag, key, city)
);
--> statement-breakpoint
CREATE INDEX kpi_tag_monthly_tag_city_month_idx ON kpi_tag_monthly (tag, city, month);
--> statement-breakpoint
INSERT INTO kpi_tag_monthly (indicator, month, city, tag, key, n)
  SELECT indicator, date_trunc('month', day)::date, city, tag, key, sum(n)::int
  FROM kpi_tag_daily GROUP BY 1, 2, 3, 4, 5;
