-- catalog.occupations was created as SELECT * before occupations gained special_ability_year (0045):
-- a view's column list is fixed when it is created, so it is recreated to carry the new column.
CREATE OR REPLACE VIEW catalog.occupations AS SELECT * FROM public.occupations;
