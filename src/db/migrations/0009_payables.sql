-- What may be paid: approved subsidy decisions (to the person) and approved project claims (to the
-- institution), in one shape, so payment batches, bank files and returns serve both.
CREATE VIEW payables AS
  SELECT d.application_id, 'person'::text AS payee_kind, d.person_key AS payee_key, d.type, d.city_code,
         d.applied_on, d.amount_fen, d.decision
  FROM decisions d
  UNION ALL
  SELECT c.claim_id, 'institution'::text, c.institution_code, 'project_based'::text, c.city_code,
         c.applied_on, c.amount_fen, c.decision
  FROM project_claims c;
